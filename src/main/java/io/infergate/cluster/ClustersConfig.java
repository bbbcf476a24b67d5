package io.infergate.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Run:ai control planes InferGate routes to, keyed by a short cluster name ({@code infergate.clusters.<name>.*}).
 */
@ConfigMapping(prefix = "infergate")
public interface ClustersConfig {

    /**
     * The clusters, keyed by a short name used in logs, metrics and error messages. At least one is required.
     */
    Map<String, ClusterConfig> clusters();

    /**
     * How InferGate authenticates to a control plane.
     */
    enum UpstreamAuth {
        /** Forward the caller's own bearer token. */
        PASSTHROUGH,
        /** Use a token InferGate gets with its own client credentials. */
        CLIENT_CREDENTIALS
    }

    /**
     * One Run:ai cluster and the control plane that serves it.
     */
    interface ClusterConfig {

        /**
         * The Run:ai {@code clusterId} (a UUID) that create requests name to reach this cluster.
         */
        UUID id();

        /**
         * Base URL of the control plane, e.g. {@code https://runai.example.com}; the API paths are appended to it.
         */
        URI url();

        /**
         * How long to wait for a TCP (and TLS) connection to the control plane.
         */
        @WithDefault("2s")
        Duration connectTimeout();

        /**
         * How long one upstream attempt may take, from asking the pool for a connection to the last byte of the answer.
         */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * Most connections kept open to this control plane (the Vert.x default of 5 is far too few for a gateway).
         */
        @WithDefault("64")
        int poolSize();

        /**
         * Most requests that may wait for a pooled connection; beyond it a request fails at once instead of queueing
         * without bound.
         */
        @WithDefault("256")
        int poolWaitQueue();

        /**
         * A pooled connection idle this long is closed; keep it below the upstream's own keep-alive timeout so the
         * gateway never reuses a connection the upstream is about to drop.
         */
        @WithDefault("30s")
        Duration idleTimeout();

        /**
         * Largest answer body accepted from this control plane; a larger one is a 502, never a cut body.
         */
        @WithDefault("4M")
        MemorySize maxResponseSize();

        /**
         * One request's whole time with this cluster, across every attempt and backoff. Keep it below
         * {@code infergate.locator.deadline}, so a cluster that hangs during a locate is reported by name (503) before
         * the whole request runs out of time (504).
         */
        @WithDefault("25s")
        Duration deadline();

        /**
         * How InferGate authenticates to this control plane: {@code passthrough} forwards the caller's bearer token;
         * {@code client-credentials} sends a token InferGate obtains from the control plane's {@code POST /api/v1/token}
         * with {@link #clientId()} and {@link #clientSecret()}.
         */
        @WithDefault("passthrough")
        UpstreamAuth auth();

        /**
         * The Run:ai client id (service account or application) for {@code client-credentials}.
         */
        Optional<String> clientId();

        /**
         * Its secret, for {@code client-credentials}; give it through the environment (e.g.
         * {@code INFERGATE_CLUSTERS_WEST_CLIENT_SECRET} for cluster {@code west}) from a Kubernetes Secret, never in a
         * committed file.
         */
        Optional<String> clientSecret();

        /**
         * How long before a token's expiry InferGate gets the next one (at most half the token's lifetime).
         */
        @WithDefault("60s")
        Duration tokenRefreshMargin();

        /**
         * When and how often requests to this cluster are retried.
         */
        RetryConfig retry();

        /**
         * When this cluster is considered down and requests fail fast instead of waiting on it.
         */
        BreakerConfig breaker();

        /**
         * How many requests may be in flight to this cluster at once.
         */
        BulkheadConfig bulkhead();
    }

    /**
     * Retries with exponential backoff and full jitter, honouring {@code Retry-After}, within a budget.
     */
    interface RetryConfig {

        /**
         * Most retries after the first attempt.
         */
        @WithDefault("3")
        int maxRetries();

        /**
         * Backoff ceiling of the first retry; each later retry doubles it, and the delay is drawn uniformly below it.
         */
        @WithDefault("100ms")
        Duration initialBackoff();

        /**
         * Largest backoff between two attempts.
         */
        @WithDefault("2s")
        Duration maxBackoff();

        /**
         * Longest {@code Retry-After} honoured; an answer asking for more is passed back to the caller instead.
         */
        @WithDefault("10s")
        Duration maxRetryAfter();

        /**
         * Retries may add at most this share of the cluster's requests (over the last 10 seconds), so a failing
         * cluster is not stormed by its own gateway.
         */
        @WithDefault("0.2")
        double budgetRatio();

        /**
         * Retries always allowed per 10 seconds, whatever the traffic, so a quiet cluster still gets retried.
         */
        @WithDefault("10")
        int budgetMinimum();
    }

    /**
     * The circuit breaker of one cluster.
     */
    interface BreakerConfig {

        /**
         * Attempts in the rolling window the failure ratio is computed over.
         */
        @WithDefault("20")
        int requestVolume();

        /**
         * Share of failed attempts (unreachable, reset, timed out, 5xx) in the window that opens the breaker.
         */
        @WithDefault("0.5")
        double failureRatio();

        /**
         * How long an open breaker fails fast before letting trial requests through.
         */
        @WithDefault("10s")
        Duration delay();

        /**
         * Successful trial requests that close a half-open breaker.
         */
        @WithDefault("2")
        int successThreshold();
    }

    /**
     * The bulkhead of one cluster.
     */
    interface BulkheadConfig {

        /**
         * Most attempts in flight to this cluster at once.
         */
        @WithDefault("256")
        int limit();

        /**
         * Most attempts waiting for a slot (at least 1); beyond it a request fails at once (503).
         */
        @WithDefault("512")
        int queue();
    }
}
