package io.infergate.upstream;

import java.time.Duration;
import java.util.Optional;

import io.infergate.cluster.Cluster;

/**
 * Why a control plane gave no usable answer. The alternatives differ in what the gateway may do next: a request that
 * was {@linkplain #reachedUpstream() never sent} is safe to send again, even a create; any other may have been applied.
 * A request is reported by the last attempt that reached the control plane: when a retry after it was not sent (the
 * breaker or the bulkhead refused it, no connection could be had), that failure is the request's, with the refused
 * retry {@linkplain #whyRetryNotSent() attached}.
 */
public abstract sealed class UpstreamFailure extends RuntimeException {

    private final transient Cluster cluster;

    UpstreamFailure(Cluster cluster, String message, Throwable cause) {
        // suppression on: a retry that was not sent is attached to the failure that made it necessary
        super(message, cause, true, false);
        this.cluster = cluster;
    }

    /**
     * @return the cluster that failed
     */
    public Cluster cluster() {
        return cluster;
    }

    /**
     * @return whether any byte of the request may have reached the control plane
     */
    public abstract boolean reachedUpstream();

    /**
     * @param refused why the retry after this failure was not sent
     * @return this failure, which now names the retry that was not sent
     */
    UpstreamFailure withUnsentRetry(UpstreamFailure refused) {
        addSuppressed(refused);
        return this;
    }

    /**
     * @return why the gateway did not send the retry that followed this failure, when it did not, e.g. "its circuit
     *         breaker is open"; safe to show a caller
     */
    public Optional<String> whyRetryNotSent() {
        for (Throwable later : getSuppressed()) {
            if (later instanceof Rejected rejected) {
                return Optional.of(rejected.reason());
            }
            if (later instanceof UpstreamFailure refused) {
                return Optional.of("the cluster " + refused.what());
            }
        }
        return Optional.empty();
    }

    /**
     * @return what happened, as the end of a sentence that starts with the cluster, e.g. "closed the connection
     *         before answering"; safe to show a caller (no addresses, no exception text)
     */
    public abstract String what();

    /**
     * No connection could be had: refused, unresolvable, TLS handshake failed, or the pool's wait queue was full. The
     * request was never sent.
     */
    public static final class Unreachable extends UpstreamFailure {

        public Unreachable(Cluster cluster, Throwable cause) {
            super(cluster, "cluster " + cluster.name() + " is unreachable: " + cause.getMessage(), cause);
        }

        @Override
        public String what() {
            return "is unreachable";
        }

        @Override
        public boolean reachedUpstream() {
            return false;
        }
    }

    /**
     * The gateway itself refused to send: the cluster's circuit breaker is open, or its bulkhead is full. Nothing was
     * sent; the caller should come back after {@link #retryAfter()}.
     */
    public static final class Rejected extends UpstreamFailure {

        private final String reason;
        private final Duration retryAfter;
        private final boolean breakerOpen;

        public Rejected(Cluster cluster, String reason, Duration retryAfter) {
            this(cluster, reason, retryAfter, false);
        }

        /**
         * @param breakerOpen whether the cluster's circuit breaker refused it (else its bulkhead)
         */
        public Rejected(Cluster cluster, String reason, Duration retryAfter, boolean breakerOpen) {
            super(cluster, "cluster " + cluster.name() + " was not asked: " + reason, null);
            this.reason = reason;
            this.retryAfter = retryAfter;
            this.breakerOpen = breakerOpen;
        }

        /**
         * @return whether the circuit breaker refused the request (else the bulkhead)
         */
        public boolean breakerOpen() {
            return breakerOpen;
        }

        /**
         * @return why the gateway did not send, e.g. "its circuit breaker is open"
         */
        public String reason() {
            return reason;
        }

        @Override
        public String what() {
            return "was not asked: " + reason;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        @Override
        public boolean reachedUpstream() {
            return false;
        }
    }

    /**
     * The connection broke after the request was handed to it, before a whole answer came back.
     */
    public static final class ConnectionLost extends UpstreamFailure {

        public ConnectionLost(Cluster cluster, Throwable cause) {
            super(cluster, "cluster " + cluster.name() + " closed the connection before answering: " + cause.getMessage(),
                    cause);
        }

        @Override
        public String what() {
            return "closed the connection before answering";
        }

        @Override
        public boolean reachedUpstream() {
            return true;
        }
    }

    /**
     * No whole answer within the request timeout.
     */
    public static final class TimedOut extends UpstreamFailure {

        private final boolean sent;
        private final Duration timeout;

        public TimedOut(Cluster cluster, Duration timeout, boolean sent) {
            super(cluster, "cluster " + cluster.name() + " did not answer within " + timeout.toMillis() + " ms", null);
            this.sent = sent;
            this.timeout = timeout;
        }

        public Duration timeout() {
            return timeout;
        }

        @Override
        public String what() {
            return "did not answer within " + timeout.toMillis() + " ms";
        }

        @Override
        public boolean reachedUpstream() {
            return sent;
        }
    }

    /**
     * An answer came back but is not what a Run:ai control plane sends: not a single JSON object.
     */
    public static final class Malformed extends UpstreamFailure {

        private final int status;

        public Malformed(Cluster cluster, int status, String contentType, String reason) {
            super(cluster, "cluster " + cluster.name() + " answered " + status + " with a body that is not a JSON object ("
                    + (contentType == null ? "no content type" : contentType) + "): " + reason, null);
            this.status = status;
        }

        /**
         * @return the status the control plane answered with
         */
        public int status() {
            return status;
        }

        @Override
        public String what() {
            return "answered " + status + " with a body that is not a Run:ai response";
        }

        @Override
        public boolean reachedUpstream() {
            return true;
        }
    }
}
