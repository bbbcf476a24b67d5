package io.infergate.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private final AtomicLong now = new AtomicLong(Duration.ofHours(1).toNanos());

    @Test
    void shouldAllowRetriesUpToTheRatioOfRecentRequests() {
        RetryBudget budget = new RetryBudget(0.2, 0, now::get);
        for (int i = 0; i < 50; i++) {
            budget.onRequest();
        }

        assertThat(retriesGranted(budget, 100)).isEqualTo(10);
    }

    @Test
    void shouldAlwaysAllowTheMinimumEvenWithoutTraffic() {
        RetryBudget budget = new RetryBudget(0.2, 3, now::get);

        assertThat(retriesGranted(budget, 100)).isEqualTo(3);
    }

    @Test
    void shouldForgetRequestsAndRetriesOlderThanTheWindow() {
        // Given a budget spent ten seconds ago
        RetryBudget budget = new RetryBudget(0.5, 0, now::get);
        for (int i = 0; i < 10; i++) {
            budget.onRequest();
        }
        assertThat(retriesGranted(budget, 100)).isEqualTo(5);

        // When the window has moved on and new traffic comes
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        for (int i = 0; i < 4; i++) {
            budget.onRequest();
        }

        // Then only the new traffic counts
        assertThat(retriesGranted(budget, 100)).isEqualTo(2);
    }

    private static int retriesGranted(RetryBudget budget, int asked) {
        int granted = 0;
        for (int i = 0; i < asked; i++) {
            granted += budget.tryRetry() ? 1 : 0;
        }
        return granted;
    }
}
