/**
 * State shared by every replica of the gateway, in Redis when {@code infergate.redis.hosts} is set: the rate-limit
 * counters ({@code io.infergate.limits}) and the idempotency keys ({@code io.infergate.idempotency}). Without it each
 * replica keeps both in memory and nothing connects to Redis. Every call has a short deadline; an unreachable Redis is
 * a {@link StoreUnavailableException} the feature turns into its configured answer, never a 500 or a hang.
 */
package io.infergate.sharedstate;
