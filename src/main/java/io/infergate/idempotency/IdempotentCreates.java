package io.infergate.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.infergate.error.GatewayException;
import io.infergate.observability.Meters;
import io.infergate.observability.Outcomes;
import io.infergate.observability.RequestMetrics;
import io.infergate.security.Caller;
import io.infergate.sharedstate.SharedState;
import io.infergate.sharedstate.StateKeys;
import io.infergate.sharedstate.StoreUnavailableException;
import io.infergate.upstream.UpstreamFailure;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Sends a create at most once per {@code Idempotency-Key} of its caller, and answers every replay with the first
 * answer. A create without the header is sent as it is.
 */
@Singleton
public class IdempotentCreates {

    /** The header that marks a replayed answer. */
    public static final String REPLAYED = "Idempotent-Replayed";

    private final KeyStore store;
    private final Duration retention;
    private final Duration inFlightTimeout;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;

    IdempotentCreates(IdempotencyConfig config, SharedState shared, ObjectMapper mapper, MeterRegistry registry) {
        this.store = shared.redis().<KeyStore> map(RedisKeyStore::new)
                .orElseGet(() -> new MemoryKeyStore(config.maxKeys()));
        this.retention = config.retention();
        this.inFlightTimeout = config.inFlightTimeout();
        this.mapper = mapper;
        this.registry = registry;
    }

    /**
     * @param keys the values of the request's {@code Idempotency-Key} header, if any
     * @param raw the body the caller sent, whose fingerprint a replay must match
     * @param sent the body about to be sent (policy applied), for its name and whether that name is exact
     * @param send sends the create and builds its answer (the create's own step, called at most once)
     * @return the answer, the kept one for a replay; a 409 or 422 in the vendor {@code Error} shape when the key's
     *         first create is in flight, its outcome unknown, or its body another
     */
    public Uni<Response> create(RoutingContext routing, List<String> keys, Caller caller, Buffer raw, JsonNode sent,
            Supplier<Uni<Response>> send) {
        Optional<String> key = IdempotencyKeyHeader.read(keys);
        if (key.isEmpty()) {
            return send.get();
        }
        if (caller.subject().isBlank()) {
            throw GatewayException.badRequest("Invalid Idempotency-Key", "An Idempotency-Key is kept per caller, and "
                    + "this bearer token names none (no subject claim); send the create without it.");
        }
        Attempt attempt = new Attempt(routing, StateKeys.of("idempotency", caller.subject(), key.get()),
                new KeyRecord(KeyRecord.State.IN_FLIGHT, Fingerprints.of(raw), UUID.randomUUID().toString(),
                        System.currentTimeMillis(), !sent.path("useGivenNameAsPrefix").asBoolean(false), null, null),
                null, sent, send);
        return store.claim(attempt.storeKey(), json(attempt.mine()), retention)
                .onFailure(StoreUnavailableException.class)
                .transform(failure -> unavailable(routing))
                .chain(existing -> existing.isEmpty() ? sendAndKeep(attempt, false) : answerReplay(attempt, existing.get()));
    }

    private Uni<Response> answerReplay(Attempt attempt, String existingJson) {
        KeyRecord existing = read(existingJson);
        if (!existing.fingerprint().equals(attempt.mine().fingerprint())) {
            count("mismatch");
            throw new GatewayException(422, "Unprocessable entity.", "This Idempotency-Key was first used with another "
                    + "body; InferGate did not send this one. Use a new key for another create.");
        }
        boolean stale = System.currentTimeMillis() - existing.startedMillis() > inFlightTimeout.toMillis();
        if (existing.state() == KeyRecord.State.DONE) {
            count("replayed");
            RequestMetrics.outcome(attempt.routing(), Outcomes.REPLAYED);
            return Uni.createFrom().item(existing.answer().replay());
        }
        if (existing.state() == KeyRecord.State.IN_FLIGHT && !stale) {
            count("in_flight");
            throw new GatewayException(409, "Conflict.", "The first create with this Idempotency-Key is still in flight; "
                    + "InferGate did not send this one. Send it again once the first has been answered.");
        }
        String why = existing.unknown() != null ? existing.unknown()
                : "The replica sending it stopped before the control plane's answer was kept.";
        if (!existing.exactName()) {
            count("unknown");
            throw new GatewayException(409, "Conflict.", "The outcome of the first create with this Idempotency-Key is "
                    + "unknown: " + why + " Its name is a prefix (useGivenNameAsPrefix), so a resend could create a "
                    + "second workload, and InferGate did not send this one. Look for the workload in its project; use "
                    + "a new key to create it again.");
        }
        Attempt resend = attempt.after(existing, existingJson);
        return store.replace(resend.storeKey(), existingJson, json(resend.mine()), retention)
                .onFailure(StoreUnavailableException.class)
                .transform(failure -> unavailable(attempt.routing()))
                .chain(replaced -> {
                    if (!replaced) {
                        count("in_flight");
                        throw new GatewayException(409, "Conflict.", "Another request with this Idempotency-Key is in "
                                + "flight; InferGate did not send this one. Send it again once it has been answered.");
                    }
                    return sendAndKeep(resend, true);
                });
    }

    /**
     * Sends the create and keeps its answer before returning it. An answer that cannot be kept is still returned (the
     * key stays in flight, and so becomes unknown: never resent blindly); a failure that proves nothing was sent frees
     * the key; any other failure leaves the outcome unknown.
     */
    private Uni<Response> sendAndKeep(Attempt attempt, boolean resent) {
        count(resent ? "resent" : "sent");
        return attempt.send()
                .get()
                .onItemOrFailure()
                .transformToUni((response, failure) -> failure == null
                        ? keep(attempt, resent && response.getStatus() == 409 ? firstCreated(attempt) : response)
                        : settle(attempt, failure));
    }

    private Uni<Response> keep(Attempt attempt, Response response) {
        String mine = json(attempt.mine());
        return store.replace(attempt.storeKey(), mine, json(attempt.mine().done(StoredAnswer.of(response))), retention)
                .onItemOrFailure()
                .transform((replaced, failure) -> {
                    if (failure != null || !replaced) {
                        count("not_stored");
                        Log.warnf("The answer to a create with an Idempotency-Key could not be kept (%s); a replay of "
                                + "it will be treated as one whose outcome is unknown",
                                failure == null ? "its key was taken over" : failure.getClass().getSimpleName());
                    }
                    return response;
                });
    }

    private Uni<Response> settle(Attempt attempt, Throwable failure) {
        String mine = json(attempt.mine());
        Uni<Void> recorded;
        if (failure instanceof UpstreamFailure upstream && !upstream.reachedUpstream()) {
            // not sent: the key is as it was before this attempt, free, or still of unknown outcome
            recorded = attempt.replaced() == null ? store.release(attempt.storeKey(), mine)
                    : store.replace(attempt.storeKey(), mine, attempt.replaced(), retention).replaceWithVoid();
        } else {
            String why = failure instanceof GatewayException gateway && gateway.details() != null ? gateway.details()
                    : "InferGate failed while sending it.";
            recorded = store.replace(attempt.storeKey(), mine, json(attempt.mine().unknown(why)), retention)
                    .replaceWithVoid();
        }
        return recorded.onFailure()
                .recoverWithNull()
                .chain(() -> Uni.createFrom().failure(failure));
    }

    /**
     * The control plane refused the resend as a duplicate name: the first attempt, whose outcome was unknown, created
     * the workload.
     */
    private static Response firstCreated(Attempt attempt) {
        String name = attempt.sent().path("name").asText("");
        String project = attempt.sent().path("projectId").asText("");
        return Response.status(409)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new JsonObject()
                        .put("code", 409)
                        .put("message", "The first create with this Idempotency-Key created the workload.")
                        .put("details", "Its outcome was unknown, so InferGate sent it again with its exact name '" + name
                                + "', and the control plane answered that project " + project + " already has a "
                                + "workload of that name: the first create made it. Look it up by name in that project.")
                        .toBuffer())
                .build();
    }

    private GatewayException unavailable(RoutingContext routing) {
        count("unavailable");
        routing.response().headers().set("Retry-After", "1");
        return GatewayException.unavailable("Idempotency keys cannot be checked now (their store is unreachable), so "
                + "InferGate did not send this create; send it again with the same key shortly.");
    }

    private void count(String outcome) {
        registry.counter(Meters.IDEMPOTENCY_OUTCOMES, Meters.OUTCOME, outcome).increment();
    }

    private String json(KeyRecord record) {
        try {
            return mapper.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyRecord read(String json) {
        try {
            return mapper.readValue(json, KeyRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an idempotency record InferGate did not write", e);
        }
    }

    /**
     * One attempt at a key's create.
     *
     * @param storeKey the key's entry, per caller
     * @param mine the record this attempt wrote
     * @param replaced the record of unknown outcome this attempt took over, as it was; {@code null} for a first attempt
     */
    private record Attempt(RoutingContext routing, String storeKey, KeyRecord mine, String replaced, JsonNode sent,
            Supplier<Uni<Response>> send) {

        /**
         * @return an attempt that takes over from one whose outcome is unknown
         */
        Attempt after(KeyRecord unknown, String unknownJson) {
            return new Attempt(routing, storeKey, new KeyRecord(KeyRecord.State.IN_FLIGHT, unknown.fingerprint(),
                    UUID.randomUUID().toString(), System.currentTimeMillis(), unknown.exactName(), null, null),
                    unknownJson, sent, send);
        }
    }
}
