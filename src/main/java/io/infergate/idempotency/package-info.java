/**
 * Idempotency keys for create (the IETF httpapi {@code Idempotency-Key} header). A key belongs to the caller that
 * sent it; its first create is sent and its answer kept ({@code infergate.idempotency.retention}, 24 h) with a
 * fingerprint of the body, and a replay gets that very answer with {@code Idempotent-Replayed: true}, sending nothing.
 * The same key while the first is in flight is a 409, with another body a 422. A first attempt whose outcome is unknown
 * (a 502 or 504 "may have been created") is never resent blindly: with an exact name the replay is sent, since the
 * control plane's 409 then proves the first was created; with a prefix name the replay gets a 409 saying the outcome is
 * unknown. Keys live in Redis when it is configured, so any replica answers a replay, and in memory otherwise.
 */
package io.infergate.idempotency;
