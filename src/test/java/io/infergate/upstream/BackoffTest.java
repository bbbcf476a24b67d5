package io.infergate.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import io.infergate.cluster.Cluster;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

class BackoffTest {

    @RepeatedTest(50)
    void shouldDrawEachDelayBelowAnExponentialCeiling() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350));
        RuntimeException failure = new RuntimeException("reset");

        assertThat(backoff.nextDelayInMillis(failure)).isBetween(0L, 100L);
        assertThat(backoff.nextDelayInMillis(failure)).isBetween(0L, 200L);
        assertThat(backoff.nextDelayInMillis(failure)).isBetween(0L, 350L);
        assertThat(backoff.nextDelayInMillis(failure)).isBetween(0L, 350L);
    }

    @Test
    void shouldWaitWhatRetryAfterAsksFor() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        Cluster cluster = new Cluster("a", UUID.randomUUID(), URI.create("http://127.0.0.1:1"));
        FailedAttempt busy = FailedAttempt.answer(new UpstreamResponse(cluster, 429, MultiMap.caseInsensitiveMultiMap(),
                Buffer.buffer("{}")), true, Duration.ofSeconds(3));

        assertThat(backoff.nextDelayInMillis(busy)).isEqualTo(3_000L);
    }
}
