package io.infergate.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.infergate.cluster.Cluster;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * docs/design.md principle 3, one row per case.
 */
class RetryRulesTest {

    private static final Cluster CLUSTER = new Cluster("a", UUID.randomUUID(), URI.create("http://127.0.0.1:1"));

    @ParameterizedTest
    @CsvSource({
            // operation, status, retried?
            "CREATE, 429, true", "CREATE, 503, true", "CREATE, 502, false", "CREATE, 504, false", "CREATE, 500, false",
            "GET, 429, true", "GET, 502, true", "GET, 503, true", "GET, 504, true", "GET, 500, false",
            "PATCH, 502, true", "DELETE, 504, true", "DELETE, 500, false" })
    void shouldRetryAnswersByOperation(Operation operation, int status, boolean retried) {
        assertThat(RetryRules.judge(operation, answer(status, null)))
                .hasValueSatisfying(verdict -> assertThat(verdict.retryable()).isEqualTo(retried));
    }

    @ParameterizedTest
    @CsvSource({ "200", "202", "400", "401", "403", "404", "409" })
    void shouldTakeOtherAnswersAsFinal(int status) {
        assertThat(RetryRules.judge(Operation.GET, answer(status, null))).isEmpty();
        assertThat(RetryRules.judge(Operation.CREATE, answer(status, null))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void shouldResendAnythingThatNeverReachedTheControlPlane(Operation operation) {
        assertThat(RetryRules.judge(operation, new UpstreamFailure.Unreachable(CLUSTER, new IOException("refused")))
                .retryable()).isTrue();
        assertThat(RetryRules.judge(operation, new UpstreamFailure.TimedOut(CLUSTER, Duration.ofSeconds(1), false))
                .retryable()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void shouldResendAfterAnAmbiguousFailureOnlyWhatIsIdempotent(Operation operation) {
        boolean idempotent = operation != Operation.CREATE;
        assertThat(RetryRules.judge(operation, new UpstreamFailure.ConnectionLost(CLUSTER, new IOException("reset")))
                .retryable()).isEqualTo(idempotent);
        assertThat(RetryRules.judge(operation, new UpstreamFailure.TimedOut(CLUSTER, Duration.ofSeconds(1), true))
                .retryable()).isEqualTo(idempotent);
        assertThat(RetryRules.judge(operation, new UpstreamFailure.Malformed(CLUSTER, 500, "text/html", "not JSON"))
                .retryable()).isEqualTo(idempotent);
    }

    @ParameterizedTest
    @CsvSource({ "5, PT5S", "0, PT0S", "soon, ", "'', " })
    void shouldReadRetryAfterSeconds(String header, Duration expected) {
        assertThat(RetryRules.retryAfter(header)).isEqualTo(expected);
    }

    @Test
    void shouldReadRetryAfterAsAnHttpDate() {
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));

        assertThat(RetryRules.retryAfter(inTenSeconds)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
    }

    private static UpstreamResponse answer(int status, String retryAfter) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (retryAfter != null) {
            headers.add("Retry-After", retryAfter);
        }
        return new UpstreamResponse(CLUSTER, status, headers, Buffer.buffer("{}"));
    }
}
