package io.infergate.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * Measures how late each event loop runs what is scheduled on it ({@link Meters#EVENT_LOOP_DELAY}): a task is due every
 * {@link #INTERVAL} on every loop, and how much later than due it starts is what a request queued behind the loop's
 * current work waits too. A blocked loop (a slow body, a blocking call by mistake) shows here within one interval,
 * where neither CPU nor request latency would tell which loop it was. Costs one tiny task per loop per interval.
 */
@Startup
@Singleton
class EventLoopDelay {

    /** How often each loop is sampled. */
    static final Duration INTERVAL = Duration.ofMillis(500);

    private final List<Timer> timers = new ArrayList<>();
    private final List<ScheduledFuture<?>> samplers = new ArrayList<>();
    private final MeterRegistry registry;
    private volatile boolean stopped;

    EventLoopDelay(Vertx vertx, MeterRegistry registry) {
        this.registry = registry;
        int number = 0;
        for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
            Timer timer = Timer.builder(Meters.EVENT_LOOP_DELAY)
                    .description("How late a task scheduled on an event loop ran")
                    .tag(Meters.LOOP, Integer.toString(number++))
                    .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
                            Duration.ofSeconds(2))
                    .register(registry);
            timers.add(timer);
            sample(loop, timer);
        }
    }

    private void sample(EventExecutor loop, Timer timer) {
        if (stopped) {
            return;
        }
        long due = System.nanoTime() + INTERVAL.toNanos();
        ScheduledFuture<?> next = loop.schedule(() -> {
            timer.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
            sample(loop, timer);
        }, INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
        synchronized (samplers) {
            samplers.removeIf(ScheduledFuture::isDone);
            samplers.add(next);
        }
    }

    /** Meters outlive a restarted application in dev mode and tests (Micrometer's global registry): remove them. */
    @PreDestroy
    void stop() {
        stopped = true;
        synchronized (samplers) {
            samplers.forEach(sampler -> sampler.cancel(false));
        }
        timers.forEach(registry::remove);
    }
}
