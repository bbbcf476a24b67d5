package io.infergate.upstream;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * At most one fetch in flight: whoever asks while one runs shares its outcome, and the next ask after it ended (also
 * after a failure) starts a new one. For a token or a key set many requests may need at the same moment, which the
 * remote end should be asked for once.
 *
 * @param <T> what is fetched
 */
public final class SingleFlight<T> {

    private final Supplier<Uni<? extends T>> fetch;
    private final AtomicReference<Uni<T>> inFlight = new AtomicReference<>();

    /**
     * @param fetch starts one fetch (lazily: subscribing starts it)
     */
    public SingleFlight(Supplier<Uni<? extends T>> fetch) {
        this.fetch = fetch;
    }

    /**
     * @return the fetch in flight, or a new one if none is
     */
    public Uni<T> get() {
        while (true) {
            Uni<T> running = inFlight.get();
            if (running != null) {
                return running;
            }
            Flight flight = new Flight();
            if (inFlight.compareAndSet(null, flight.result)) {
                return flight.result;
            }
        }
    }

    /** One fetch, shared by whoever waits for it, forgotten once it ends. */
    private final class Flight {

        final Uni<T> result;

        Flight() {
            this.result = Uni.createFrom()
                    .deferred(fetch)
                    .onTermination()
                    .invoke(() -> inFlight.compareAndSet(result(), null))
                    .memoize()
                    .indefinitely();
        }

        private Uni<T> result() {
            return result;
        }
    }
}
