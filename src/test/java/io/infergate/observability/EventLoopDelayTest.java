package io.infergate.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.infergate.testing.RunningSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/**
 * What an on-call engineer sees when an event loop is blocked: the loop's {@code infergate_event_loop_delay_seconds}
 * records how long its tasks waited, per loop.
 */
@QuarkusTest
@WithTestResource(RunningSimulator.class)
class EventLoopDelayTest {

    private static final long BLOCKED_MILLIS = 800;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @Test
    void shouldRecordHowLongEveryBlockedEventLoopKeptItsTasksWaiting() {
        // Given one delay timer per event loop
        Collection<Timer> timers = registry.find(Meters.EVENT_LOOP_DELAY).timers();
        int loops = 0;
        for (EventExecutor ignored : vertx.nettyEventLoopGroup()) {
            loops++;
        }
        assertThat(timers).as("one timer per event loop").hasSize(loops);

        // When every loop is blocked for a while (the mistake the meter is there to show)
        for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
            loop.execute(() -> sleep(BLOCKED_MILLIS));
        }

        // Then each loop's timer shows a task that waited most of that time
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(timers).allSatisfy(timer -> assertThat(timer.max(TimeUnit.MILLISECONDS))
                        .as("longest delay of loop %s", timer.getId().getTag(Meters.LOOP))
                        .isGreaterThanOrEqualTo(BLOCKED_MILLIS - EventLoopDelay.INTERVAL.toMillis())));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
