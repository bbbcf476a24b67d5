package io.infergate.idempotency;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What is kept under one idempotency key. Stores compare and swap it as its JSON text, so {@link #attempt()} makes every
 * attempt's record unique.
 *
 * @param state where the key's create stands
 * @param fingerprint the SHA-256 of the first request's body, canonical JSON
 * @param attempt a random id of the attempt that wrote this record
 * @param startedMillis when that attempt began (epoch milliseconds)
 * @param exactName whether the create's name is exact ({@code useGivenNameAsPrefix} false), so a resend cannot make a
 *        second workload
 * @param answer the answer, once {@link State#DONE}
 * @param unknown what left the outcome unknown, once {@link State#UNKNOWN}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
record KeyRecord(State state, String fingerprint, String attempt, long startedMillis, boolean exactName,
        StoredAnswer answer, String unknown) {

    /**
     * Where a key's create stands.
     */
    enum State {
        /** Being sent now, or by a replica that stopped: unknown once older than the in-flight timeout. */
        IN_FLIGHT,
        /** Answered: replays get the answer. */
        DONE,
        /** Sent, but whether the control plane created the workload is not known. */
        UNKNOWN
    }

    KeyRecord {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(attempt, "attempt");
    }

    KeyRecord done(StoredAnswer kept) {
        return new KeyRecord(State.DONE, fingerprint, attempt, startedMillis, exactName, kept, null);
    }

    KeyRecord unknown(String why) {
        return new KeyRecord(State.UNKNOWN, fingerprint, attempt, startedMillis, exactName, null, why);
    }
}
