package io.infergate.upstream;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Which attempts may be repeated (docs/design.md principle 3). Get, patch and delete are idempotent: they are retried after
 * connect failures, resets, timeouts, malformed answers and 429/502/503/504. A create is repeated only when it provably
 * never reached the control plane (no connection was made) or was answered 429 or 503, which say it was not processed;
 * after anything ambiguous it is never resent.
 */
final class RetryRules {

    private RetryRules() {
    }

    /**
     * @return the verdict on an attempt that failed outright
     */
    static FailedAttempt judge(Operation operation, UpstreamFailure failure) {
        return FailedAttempt.failure(failure, operation.idempotent() || !failure.reachedUpstream());
    }

    /**
     * @return the verdict on an answer that is not plainly final: 429 and 5xx. Other 5xx (500, 501, ...) are not
     *         retried but still count against the cluster's circuit breaker. Empty for every other answer.
     */
    static Optional<FailedAttempt> judge(Operation operation, UpstreamResponse answer) {
        int status = answer.status();
        if (status == 429 || status == 503) {
            return Optional.of(FailedAttempt.answer(answer, true, retryAfter(answer.headers().get("Retry-After"))));
        }
        if (status == 502 || status == 504) {
            return Optional.of(FailedAttempt.answer(answer, operation.idempotent(), null));
        }
        if (status >= 500) {
            return Optional.of(FailedAttempt.answer(answer, false, null));
        }
        return Optional.empty();
    }

    /**
     * @param header a {@code Retry-After} value: delay-seconds or an HTTP date
     * @return the delay it asks for, or {@code null} when absent or unreadable
     */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit) && value.length() < 10) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Duration until = Duration.between(Instant.now(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
