package io.infergate.simulator;

import java.util.Arrays;
import java.util.Optional;

/**
 * The API operations the simulator counts in {@code /_sim/stats} and that faults can be aimed at ({@code operations} of
 * {@link Faults}); both use the same names.
 */
enum Operation {

    CREATE("create"),
    GET("get"),
    PATCH("patch"),
    DELETE("delete"),
    TOKEN("token");

    private final String statsKey;

    Operation(String statsKey) {
        this.statsKey = statsKey;
    }

    /** The field name in the {@code /_sim/stats} body. */
    String statsKey() {
        return statsKey;
    }

    /** The operation whose {@link #statsKey()} is {@code key}, if any. */
    static Optional<Operation> byStatsKey(String key) {
        return Arrays.stream(values())
                .filter(operation -> operation.statsKey.equals(key))
                .findFirst();
    }
}
