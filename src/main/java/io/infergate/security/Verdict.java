package io.infergate.security;

import java.util.Objects;

import io.infergate.error.GatewayException;

/**
 * What a by-id operation may do with the workload once its owner is known. Closed: the router handles each of the
 * three, and nothing else.
 */
public sealed interface Verdict {

    /** Carry on. */
    Verdict ALLOW = new Allow();
    /** Answer exactly as if no cluster held the workload. */
    Verdict HIDE = new Hide();

    /**
     * The caller may do this to the workload.
     */
    record Allow() implements Verdict {
    }

    /**
     * The caller may not know of the workload: the answer is the 404 of a workload no cluster holds.
     */
    record Hide() implements Verdict {
    }

    /**
     * The caller may know of the workload but not do this to it.
     *
     * @param error the answer, a 403 naming what no grant allows
     */
    record Forbid(GatewayException error) implements Verdict {

        public Forbid {
            Objects.requireNonNull(error, "error");
        }
    }
}
