package io.infergate.upstream;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Runs work whose cancellation and time limit are signals to that work, never a Mutiny cancellation of it.
 * <p>
 * A Mutiny cancellation travels up the operators on the thread that cancels (a fan-out's winner, a timer), while the
 * work's own events arrive on its Vert.x context: an operator that has just turned an answer into a failure (a body
 * that is not JSON) hands it to a neighbour that is already cancelled, and Mutiny reports it as a dropped exception, at
 * ERROR. Here the work is never cancelled: it runs to its own end, told by {@code cancelled} or {@code timedOut} to stop
 * what it can (reset a request, stop retrying), and whatever it ends with after the caller's answer is settled is
 * discarded by the one emitter, which keeps only the first outcome.
 */
final class Detached {

    private Detached() {
    }

    /**
     * @param work what to run; subscribed once, never cancelled
     * @param cancelled called once when the caller cancels before the work ended
     * @param limit how long the caller waits for the work
     * @param timedOut called once when the limit passes first: stops the work and returns what to answer with instead
     * @return the work's outcome, or the limit's
     */
    static <T> Uni<T> within(Uni<T> work, Runnable cancelled, Duration limit, Supplier<Uni<T>> timedOut) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean settled = new AtomicBoolean();
            AtomicReference<ScheduledFuture<?>> timer = new AtomicReference<>();
            emitter.onTermination(() -> {
                ScheduledFuture<?> pending = timer.get();
                if (pending != null) {
                    pending.cancel(false);
                }
                if (settled.compareAndSet(false, true)) {
                    cancelled.run();
                }
            });
            timer.set(Infrastructure.getDefaultWorkerPool().schedule(() -> {
                if (settled.compareAndSet(false, true)) {
                    timedOut.get().subscribe().with(emitter::complete, emitter::fail);
                }
            }, limit.toNanos(), TimeUnit.NANOSECONDS));
            work.subscribe().with(item -> {
                if (settled.compareAndSet(false, true)) {
                    emitter.complete(item);
                }
            }, failure -> {
                if (settled.compareAndSet(false, true)) {
                    emitter.fail(failure);
                }
            });
        });
    }
}
