package io.infergate.simulator;

/**
 * The API operations the simulator counts in {@code /_sim/stats}.
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
}
