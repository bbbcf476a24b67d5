package io.infergate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.restassured.RestAssured;

/**
 * One TCP connection to the gateway under test, spoken to byte by byte: for what no HTTP client will send (trickled
 * heads, smuggling shapes) and for what no HTTP client shows (whether the server closed the connection).
 */
public final class RawConnection implements AutoCloseable {

    /** A step of a trickle: sends the piece with this index, and says whether it could. */
    public interface Piece {
        boolean send(int index) throws IOException;
    }

    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean closedByServer;

    public RawConnection() throws IOException {
        this.socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port);
        socket.setTcpNoDelay(true);
    }

    /**
     * @return whether the bytes were written; {@code false} once the server has closed the connection
     */
    public boolean send(String data) {
        return send(data.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * @return whether the bytes were written; {@code false} once the server has closed the connection
     */
    public boolean send(byte[] data) {
        try {
            socket.getOutputStream().write(data);
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads one response: the head, then as many body bytes as its {@code Content-Length} says.
     *
     * @return the response, or what arrived of it when the connection ended or {@code patience} ran out
     */
    public String readResponse(Duration patience) throws IOException {
        int start = received.size();
        long end = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < end && !closedByServer && !complete(received.toString(StandardCharsets.ISO_8859_1)
                .substring(start))) {
            readFor(Duration.ofMillis(100));
        }
        return received.toString(StandardCharsets.ISO_8859_1).substring(start);
    }

    /**
     * Reads for at most {@code patience}, returning early when the server closes the connection.
     *
     * @return whether the server has closed the connection (an end of stream or a reset)
     */
    public boolean closedWithin(Duration patience) throws IOException {
        long end = System.nanoTime() + patience.toNanos();
        while (!closedByServer && System.nanoTime() < end) {
            readFor(Duration.ofMillis(100));
        }
        return closedByServer;
    }

    /**
     * Sends up to {@code pieces} pieces a second apart while the server keeps the connection open, for at most
     * {@code patience}.
     *
     * @return whether the server has closed the connection
     */
    public boolean trickle(int pieces, Piece piece, Duration patience) throws IOException {
        long end = System.nanoTime() + patience.toNanos();
        boolean closed = false;
        for (int i = 0; !closed && i < pieces && System.nanoTime() < end; i++) {
            closed = !piece.send(i) || closedWithin(Duration.ofSeconds(1));
        }
        return closed || closedWithin(Duration.ZERO);
    }

    /** @return everything the server has sent on this connection */
    public String received() {
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    /** @return everything the server has sent on this connection, as bytes (HTTP/2 frames) */
    public byte[] receivedBytes() {
        return received.toByteArray();
    }

    /**
     * Reads for at most {@code patience}, returning early once the server has sent at least {@code count} bytes.
     */
    public void readAtLeast(int count, Duration patience) throws IOException {
        long end = System.nanoTime() + patience.toNanos();
        while (!closedByServer && received.size() < count && System.nanoTime() < end) {
            readFor(Duration.ofMillis(100));
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void readFor(Duration patience) throws IOException {
        socket.setSoTimeout((int) Math.max(1, patience.toMillis()));
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            int read = in.read(buffer);
            if (read < 0) {
                closedByServer = true;
            } else {
                received.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException e) {
            // nothing yet
        } catch (IOException e) {
            // a reset is a close as well
            closedByServer = true;
        }
    }

    private static boolean complete(String response) {
        int headEnd = response.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        String head = response.substring(0, headEnd).toLowerCase();
        int at = head.indexOf("\r\ncontent-length:");
        if (at < 0) {
            return true;
        }
        int lineEnd = head.indexOf("\r\n", at + 2);
        String value = head.substring(at + "\r\ncontent-length:".length(), lineEnd < 0 ? head.length() : lineEnd).trim();
        return response.length() - headEnd - 4 >= Integer.parseInt(value);
    }
}
