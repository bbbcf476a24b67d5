package io.infergate.observability;

/**
 * Every meter InferGate registers itself, by name, with its tag keys. Prometheus names follow from these by Micrometer's
 * convention: dots become underscores, a timer gets {@code _seconds_count|_sum|_bucket}, a counter {@code _total}
 * ({@code infergate.policy.reload.failures} is scraped as {@code infergate_policy_reload_failures_total}).
 * <p>
 * Tag values are bounded: an operation, a configured cluster name (or {@link #UNKNOWN} / {@link #NONE}), a status class,
 * an outcome, a rule id or a policy name from configuration. Never a workload id, a user or a raw path.
 */
public final class Meters {

    /**
     * Requests to the four operations and the preview, a timer with SLO buckets. Tags: operation, cluster,
     * status_class, outcome: {@code forwarded} (the control plane answered, whatever its status),
     * {@code rejected_contract}, {@code rejected_policy}, {@code rejected_auth} (401), {@code forbidden} (403),
     * {@code not_found} (no cluster holds it), {@code bad_request} (other 4xx of the gateway), {@code upstream_error}
     * (502), {@code timeout} (504), {@code breaker_open}, {@code unavailable} (other 503), {@code error} (500),
     * {@code previewed} (a preview answered), {@code rate_limited} (429), {@code replayed} (a create's stored answer
     * returned for its {@code Idempotency-Key}).
     */
    public static final String REQUESTS = "infergate.requests";
    /** Requests being served now. */
    public static final String REQUESTS_IN_FLIGHT = "infergate.requests.in.flight";
    /**
     * Attempts sent to a control plane, a timer. Tags: cluster, operation, status_class ({@code none} without an answer),
     * origin ({@link #ORIGIN_CALLER} or {@link #ORIGIN_FOLLOWUP}).
     */
    public static final String UPSTREAM_ATTEMPTS = "infergate.upstream.attempts";
    /** Retries, a counter. Tags: cluster, reason. */
    public static final String UPSTREAM_RETRIES = "infergate.upstream.retries";
    /** Retries the retry budget refused, a counter. Tags: cluster. */
    public static final String UPSTREAM_RETRY_BUDGET_EXHAUSTED = "infergate.upstream.retry.budget.exhausted";
    /** 1 while a cluster's circuit breaker is open, else 0. Tags: cluster. */
    public static final String UPSTREAM_BREAKER_OPEN = "infergate.upstream.breaker.open";
    /** Breaker state changes, a counter. Tags: cluster, state. */
    public static final String UPSTREAM_BREAKER_TRANSITIONS = "infergate.upstream.breaker.transitions";
    /** Requests refused by a full bulkhead, a counter. Tags: cluster. */
    public static final String UPSTREAM_BULKHEAD_REJECTIONS = "infergate.upstream.bulkhead.rejections";
    /** Time a request waited for a pooled connection, connecting included, a timer. Tags: cluster. */
    public static final String UPSTREAM_POOL_WAIT = "infergate.upstream.pool.wait";
    /** Requests waiting for a pooled connection now. Tags: cluster. */
    public static final String UPSTREAM_POOL_WAITING = "infergate.upstream.pool.waiting";
    /** Requests holding a pooled connection now. Tags: cluster. */
    public static final String UPSTREAM_POOL_LEASED = "infergate.upstream.pool.leased";
    /** The pool's most connections ({@code pool-size}). Tags: cluster. */
    public static final String UPSTREAM_POOL_SIZE = "infergate.upstream.pool.size";
    /**
     * Upstream token fetches of client-credentials clusters, a counter. Tags: cluster, result ({@code success},
     * {@code failure}).
     */
    public static final String UPSTREAM_TOKEN_REFRESHES = "infergate.upstream.token.refreshes";
    /**
     * Bearer tokens looked up in the verified-token cache, a counter. Tags: result ({@code hit}: no verification needed;
     * {@code miss}: verified by Quarkus OIDC, or refused).
     */
    public static final String AUTH_TOKEN_CACHE = "infergate.auth.token.cache";
    /**
     * Fetches of the OIDC provider's key set by {@code security/ProviderKeys}, a counter. Tags: result ({@code success},
     * {@code failure}: the provider could not be reached or answered no key set).
     */
    public static final String AUTH_KEY_REFRESHES = "infergate.auth.key.refreshes";
    /** Contract violations, a counter. Tags: rule. */
    public static final String CONTRACT_REJECTIONS = "infergate.contract.rejections";
    /** Defaults a policy filled in, a counter. Tags: policy. */
    public static final String POLICY_DEFAULTS_APPLIED = "infergate.policy.defaults.applied";
    /** Compliance issues, a counter. Tags: policy, rule. */
    public static final String POLICY_VIOLATIONS = "infergate.policy.violations";
    /** Changed policy files refused since the start (a function counter). */
    public static final String POLICY_RELOAD_FAILURES = "infergate.policy.reload.failures";
    /** 1 while the policy file on disk is refused and older policies are in force, else 0. */
    public static final String POLICY_RELOAD_FAILING = "infergate.policy.reload.failing";
    /** The policies in force. */
    public static final String POLICY_COUNT = "infergate.policy.count";
    /**
     * How a by-id request found its workload, a counter. Tags: result ({@code cache_hit}, {@code found}, {@code not_found},
     * {@code refused}, {@code unavailable}).
     */
    public static final String LOCATOR_RESULTS = "infergate.locator.results";
    /** Clusters asked by one locate fan-out, a distribution summary. */
    public static final String LOCATOR_FANOUT_WIDTH = "infergate.locator.fanout.width";
    /**
     * Time from a create's acknowledgement to the first follow-up read that saw the workload {@code Running}, a timer
     * with buckets from 1 s to 30 min. Tags: cluster.
     */
    public static final String WORKLOAD_TIME_TO_RUNNING = "infergate.workload.time.to.running";
    /**
     * Ended workload follow-ups, a counter. Tags: cluster, outcome ({@code running}, {@code failed}, {@code ended}
     * (Completed or Stopped), {@code deleted}, {@code timeout}, {@code unobserved} (the control plane refused the
     * reads), {@code skipped} (not followed: {@code max-followed} reached)), phase (the phase seen before the last
     * one, where a failed or timed-out workload was stuck; {@code none} when never read).
     */
    public static final String WORKLOAD_FOLLOWUPS = "infergate.workload.followups";
    /** Workloads followed now. */
    public static final String WORKLOAD_FOLLOWUPS_ACTIVE = "infergate.workload.followups.active";
    /**
     * How late a task scheduled on an event loop ran, sampled every {@code EventLoopDelay.INTERVAL} on each loop, a timer
     * with buckets from 1 ms to 2 s: what any request queued on that loop waited on top of its own work. Tags: loop.
     */
    public static final String EVENT_LOOP_DELAY = "infergate.event.loop.delay";

    /**
     * Rate-limit decisions, a counter, one per limit that applied to a request. Tags: limit (its name in
     * {@code infergate.limits}), decision ({@code allowed}, {@code limited}: answered 429, {@code unchecked}: let through
     * while the store was unreachable, {@code refused}: answered 503 while it was unreachable, fail-closed).
     */
    public static final String LIMIT_DECISIONS = "infergate.limits.decisions";
    /**
     * Creates that carried an {@code Idempotency-Key}, a counter. Tags: outcome ({@code sent}: first use, sent;
     * {@code replayed}: the stored answer returned; {@code in_flight}: 409, the first is still under way;
     * {@code mismatch}: 422, another body; {@code resent}: a first attempt's outcome was unknown and the name exact, so
     * the create was sent again; {@code unknown}: 409, the outcome of a prefix-named first attempt is unknown;
     * {@code unavailable}: 503, the store could not be asked; {@code not_stored}: sent and answered, but the answer could
     * not be kept).
     */
    public static final String IDEMPOTENCY_OUTCOMES = "infergate.idempotency.outcomes";
    /**
     * 1 while the last call to Redis (a request's, or the ping every {@code infergate.redis.retry-interval}) succeeded, 0
     * after one failed; only with {@code infergate.redis.hosts}.
     */
    public static final String REDIS_UP = "infergate.redis.up";
    /** Redis calls that failed or timed out, a counter; only with {@code infergate.redis.hosts}. */
    public static final String REDIS_FAILURES = "infergate.redis.failures";

    /** Tag key: the name of a rate limit, from configuration. */
    public static final String LIMIT = "limit";
    /** Tag key: what a rate limit decided. */
    public static final String DECISION = "decision";
    /** Tag key: create, get, patch, delete, preview. */
    public static final String OPERATION = "operation";
    /** Tag key: the configured cluster name. */
    public static final String CLUSTER = "cluster";
    /** Tag key: 2xx, 4xx, 5xx, or none. */
    public static final String STATUS_CLASS = "status_class";
    /** Tag key: what became of a request. */
    public static final String OUTCOME = "outcome";
    /** Tag key: why a retry happened. */
    public static final String REASON = "reason";
    /** Tag key: a rule id. */
    public static final String RULE = "rule";
    /** Tag key: a policy name. */
    public static final String POLICY = "policy";
    /** Tag key: a result. */
    public static final String RESULT = "result";
    /** Tag key: a vendor {@code Phase} value, {@code other} or {@code none}. */
    public static final String PHASE = "phase";
    /** Tag key: a breaker state. */
    public static final String STATE = "state";
    /** Tag key: an event loop's number, 0 up to the number of loops (twice the processors by default). */
    public static final String LOOP = "loop";
    /** Tag key: who an upstream attempt is for, {@link #ORIGIN_CALLER} or {@link #ORIGIN_FOLLOWUP}. */
    public static final String ORIGIN = "origin";

    /** The origin of an attempt made for a caller's request. */
    public static final String ORIGIN_CALLER = "caller";
    /** The origin of a workload follow-up's read, made in the background. */
    public static final String ORIGIN_FOLLOWUP = "followup";

    /** The cluster tag of a request naming no configured cluster. */
    public static final String UNKNOWN = "unknown";
    /** The cluster tag of a request that never got as far as a cluster. */
    public static final String NONE = "none";

    /**
     * The {@code uri} tag of Quarkus' {@code http.server.*} meters for a request no route of the gateway matched (an
     * unknown path, a method its path does not take, a connection reset before routing): one value, whatever the path.
     */
    public static final String UNMATCHED = "UNMATCHED";
    /** The {@code method} tag of Quarkus' {@code http.server.*} meters for a method RFC 9110 does not define. */
    public static final String OTHER_METHOD = "OTHER";

    private Meters() {
    }
}
