package io.infergate.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.infergate.upstream.Operation;

/**
 * The in-memory counters against a clock the test moves: a burst, then the sustained rate, and every limit of a request
 * moving together.
 */
class GcraTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final MemoryLimitStore store = new MemoryLimitStore(now::get);

    @Test
    void shouldAllowTheBurstThenOneRequestPerInterval() {
        // Given 10 per second with a burst of 3
        Limit limit = limit("ten", 10, Duration.ofSeconds(1), 3);

        // When four requests arrive at once, then one 100 ms later
        List<Boolean> atOnce = List.of(take(limit), take(limit), take(limit), take(limit));
        now.addAndGet(100_000);

        // Then the burst passes, the fourth is refused, and one interval later one more is allowed
        assertThat(atOnce).containsExactly(true, true, true, false);
        assertThat(take(limit)).isTrue();
        assertThat(take(limit)).isFalse();
    }

    @Test
    void shouldReportWhatIsLeftAndWhenToRetry() {
        Limit limit = limit("slow", 1, Duration.ofSeconds(10), 2);

        Taken first = store.takeNow(List.of(limit), List.of("c"));
        assertThat(first.standings().get(0).remaining()).isEqualTo(1);
        assertThat(first.standings().get(0).resetSeconds()).isEqualTo(10);
        store.takeNow(List.of(limit), List.of("c"));
        Taken refused = store.takeNow(List.of(limit), List.of("c"));

        // Then the refusal names the wait for one request (10 s), and the window a whole burst takes (20 s)
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.standings().get(0).exhausted()).isTrue();
        assertThat(refused.standings().get(0).retryAfterSeconds()).isEqualTo(10);
        assertThat(refused.standings().get(0).remaining()).isZero();
        assertThat(limit.windowSeconds()).isEqualTo(20);
    }

    @Test
    void shouldMoveNoCounterWhenAnyLimitRefuses() {
        // Given a generous limit and a spent one on the same request
        Limit generous = limit("generous", 100, Duration.ofSeconds(1), 100);
        Limit tight = limit("tight", 1, Duration.ofHours(1), 1);
        store.takeNow(List.of(tight), List.of("t"));

        // When the request meets both, three times
        for (int i = 0; i < 3; i++) {
            assertThat(store.takeNow(List.of(generous, tight), List.of("g", "t")).allowed()).isFalse();
        }

        // Then the generous counter still has its whole burst
        Taken alone = store.takeNow(List.of(generous), List.of("g"));
        assertThat(alone.standings().get(0).remaining()).isEqualTo(99);
    }

    @Test
    void shouldRefuseALimitPerProjectOnOperationsThatNameNone() {
        assertThatThrownBy(() -> new Limit("per-project", EnumSet.allOf(Operation.class), Set.of(), Set.of(), Set.of(),
                Set.of(), 1, Duration.ofSeconds(1), 1, LimitsConfig.Counted.PROJECT))
                .hasMessageContaining("operations: [create]");
        assertThatThrownBy(() -> new Limit("a name with spaces", EnumSet.of(Operation.GET), Set.of(), Set.of(), Set.of(),
                Set.of(), 1, Duration.ofSeconds(1), 1, LimitsConfig.Counted.CALLER))
                .hasMessageContaining("1 to 64 letters");
    }

    private boolean take(Limit limit) {
        return store.takeNow(List.of(limit), List.of("caller")).allowed();
    }

    private static Limit limit(String name, int rate, Duration period, int burst) {
        return new Limit(name, EnumSet.allOf(Operation.class), Set.of(), Set.of(), Set.of(), Set.of(), rate, period, burst,
                LimitsConfig.Counted.CALLER);
    }
}
