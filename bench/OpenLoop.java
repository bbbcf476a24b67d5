import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Fixed-rate (open-loop) HTTP/1.1 load for {@code bench/compare.sh}: GET one URL at a constant rate and print latency
 * percentiles. Debian bookworm packages wrk but not wrk2, and wrk (like {@code ab}) is closed-loop: it sends the next
 * request only when an answer came back, so a server that stalls also stalls the load and the stall is missing from the
 * percentiles (coordinated omission).
 *
 * <p>
 * Here request {@code i} is due at {@code start + i / rate}, whatever happened before. A fixed set of keep-alive
 * connections (one thread each) takes the due requests in order; a request's latency is measured from when it was
 * <em>due</em> to the last byte of its answer, so time spent waiting behind a slow answer, because every connection
 * was busy, counts. This is wrk2's model. Sleeping to the due time overshoots by tens of microseconds, which every
 * sample carries alike, whichever server is measured.
 *
 * <p>
 * Run with the source launcher of Java 17, no build needed:
 *
 * <pre>
 * java bench/OpenLoop.java --url http://127.0.0.1:8080/path --rate 1000 --warmup 3 --duration 10 \
 *     --connections 16 --expect 200 --header 'Authorization: Bearer ...'
 * </pre>
 *
 * The run is bounded: {@code --grace} seconds after the last request was due, whatever is still unsent or unanswered is
 * given up and counted as {@code unfinished}, with the time from its due time to that moment as its latency (a lower
 * bound), so a server that cannot keep up shows in the percentiles instead of stretching the run.
 *
 * <p>
 * Prints one line {@code OPENLOOP key=value ...} (latencies in microseconds). Exits 1 if any answer had another status
 * than {@code --expect} or a connection failed before the end, 2 on bad arguments.
 */
final class OpenLoop {

    private final URI url;
    private final byte[] request;
    private final int expect;
    private final long periodNanos;
    private final long warmupRequests;
    private final long totalRequests;
    private final long[] latencies;
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final List<Socket> open = new ArrayList<>();
    private final long graceNanos;
    private volatile String firstProblem;
    private long start;
    private long stop;

    private OpenLoop(URI url, List<String> headers, double rate, double warmup, double duration, double grace,
            int expect) {
        this.url = url;
        this.expect = expect;
        this.periodNanos = Math.round(1e9 / rate);
        this.warmupRequests = Math.round(warmup * rate);
        long measured = Math.round(duration * rate);
        this.totalRequests = warmupRequests + measured;
        this.latencies = new long[Math.toIntExact(measured)];
        Arrays.fill(latencies, -1);
        this.graceNanos = Math.round(grace * 1e9);
        String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        StringBuilder head = new StringBuilder()
                .append("GET ").append(target)
                .append(" HTTP/1.1\r\nHost: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        this.request = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    public static void main(String[] args) throws Exception {
        URI url = null;
        List<String> headers = new ArrayList<>();
        double rate = 1000;
        double warmup = 3;
        double duration = 10;
        double grace = 5;
        int connections = 16;
        int expect = 200;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                usage("missing value for " + args[i]);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--url":
                    url = URI.create(value);
                    break;
                case "--header":
                    headers.add(value);
                    break;
                case "--rate":
                    rate = Double.parseDouble(value);
                    break;
                case "--warmup":
                    warmup = Double.parseDouble(value);
                    break;
                case "--duration":
                    duration = Double.parseDouble(value);
                    break;
                case "--grace":
                    grace = Double.parseDouble(value);
                    break;
                case "--connections":
                    connections = Integer.parseInt(value);
                    break;
                case "--expect":
                    expect = Integer.parseInt(value);
                    break;
                default:
                    usage("unknown option " + args[i]);
            }
        }
        if (url == null || !"http".equals(url.getScheme()) || url.getPort() < 0 || rate <= 0 || duration <= 0
                || warmup < 0 || grace < 0 || connections < 1) {
            usage("need --url http://host:port/path, a positive --rate and --duration, --connections >= 1");
        }
        System.exit(new OpenLoop(url, headers, rate, warmup, duration, grace, expect).run(connections));
    }

    private static void usage(String problem) {
        System.err.println("OpenLoop: " + problem);
        System.err.println("usage: java bench/OpenLoop.java --url URL [--header 'Name: value']... [--rate 1000]"
                + " [--warmup 3] [--duration 10] [--grace 5] [--connections 16] [--expect 200]");
        System.exit(2);
    }

    private int run(int connections) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            sockets.add(connect());
        }
        // the schedule starts once every connection is open, so no due time includes a TCP handshake
        start = System.nanoTime() + 50_000_000L;
        stop = start + (totalRequests - 1) * periodNanos + graceNanos;
        List<Thread> workers = new ArrayList<>();
        for (Socket socket : sockets) {
            Thread worker = new Thread(() -> work(socket), "open-loop-" + workers.size());
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            long left = stop - System.nanoTime();
            worker.join(Math.max(1, left / 1_000_000));
        }
        // past the stop: unblock whoever still waits for an answer
        closeAll();
        for (Thread worker : workers) {
            worker.join();
        }
        long unfinished = 0;
        for (int i = 0; i < latencies.length; i++) {
            if (latencies[i] < 0) {
                latencies[i] = stop - (start + (warmupRequests + i) * periodNanos);
                unfinished++;
            }
        }
        report(unfinished);
        return unexpected.get() == 0 && failures.get() == 0 ? 0 : 1;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
        synchronized (open) {
            open.add(socket);
        }
        return socket;
    }

    private void closeAll() {
        synchronized (open) {
            for (Socket socket : open) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the run is over either way
                }
            }
        }
    }

    private void work(Socket first) {
        Socket socket = first;
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = socket.getOutputStream();
            for (long i = next.getAndIncrement(); i < totalRequests; i = next.getAndIncrement()) {
                long due = start + i * periodNanos;
                if (System.nanoTime() >= stop) {
                    break;
                }
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                out.write(request);
                out.flush();
                Answer answer = Answer.read(in);
                long latency = System.nanoTime() - due;
                if (i >= warmupRequests) {
                    latencies[Math.toIntExact(i - warmupRequests)] = latency;
                }
                if (answer.status != expect) {
                    unexpected.incrementAndGet();
                    problem("status " + answer.status + ", expected " + expect);
                }
                if (answer.close) {
                    // the server ends keep-alive (e.g. nginx's keepalive_requests): open a new connection, as wrk does
                    socket.close();
                    socket = connect();
                    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                    out = socket.getOutputStream();
                    reconnects.incrementAndGet();
                }
            }
        } catch (IOException e) {
            if (System.nanoTime() < stop) {
                failures.incrementAndGet();
                problem(e.toString());
            }
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is best effort at the end of the run
            }
        }
    }

    private void problem(String text) {
        if (firstProblem == null) {
            firstProblem = text;
        }
    }

    private void report(long unfinished) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT,
                "OPENLOOP requests=%d unfinished=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d"
                        + " unexpected=%d failures=%d reconnects=%d%n",
                sorted.length, unfinished, percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
                percentile(sorted, 99.9), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000, unexpected.get(),
                failures.get(), reconnects.get());
        if (firstProblem != null) {
            System.out.println("OPENLOOP first problem: " + firstProblem);
        }
    }

    /** Nearest-rank percentile, in microseconds. */
    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000;
    }

    /** The parts of one HTTP/1.1 answer the load needs: its status and whether the server closes afterwards. */
    private static final class Answer {
        final int status;
        final boolean close;

        private Answer(int status, boolean close) {
            this.status = status;
            this.close = close;
        }

        /** Reads one whole answer (head and a Content-Length or chunked body) and drops the body. */
        static Answer read(InputStream in) throws IOException {
            String statusLine = line(in);
            if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.1 status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.endsWith("chunked");
                } else if (name.equals("connection")) {
                    close = value.contains("close");
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line(in).split(";", 2)[0].trim(), 16); size > 0; size = Long
                        .parseLong(line(in).split(";", 2)[0].trim(), 16)) {
                    skip(in, size);
                    line(in);
                }
                while (!line(in).isEmpty()) {
                    // trailers, if any
                }
            } else if (length >= 0) {
                skip(in, length);
            } else {
                throw new IOException("answer " + status + " has neither Content-Length nor chunked framing");
            }
            return new Answer(status, close);
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder text = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("connection closed mid-answer");
                }
                if (b != '\r') {
                    text.append((char) b);
                }
            }
            return text.toString();
        }

        private static void skip(InputStream in, long count) throws IOException {
            for (long left = count; left > 0;) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("connection closed mid-body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }
    }
}
