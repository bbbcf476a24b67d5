/**
 * Rate limits ({@code infergate.limits.<name>}): which requests a limit applies to, a rate and a burst, counted per
 * caller, project or cluster with the generic cell rate algorithm (GCRA, a token bucket kept as one timestamp). Checked
 * once per request, after authentication and before anything is sent; the counters live in Redis when it is configured
 * (one script call per check, atomic over every limit that applies) and in memory otherwise. A refusal is a 429 in the
 * vendor {@code Error} shape with {@code Retry-After}; every checked answer carries the IETF {@code RateLimit-Policy}
 * and {@code RateLimit} headers.
 */
package io.infergate.limits;
