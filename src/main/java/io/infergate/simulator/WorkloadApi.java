package io.infergate.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The four Distributed Inferences operations of one simulated cluster.
 * <p>
 * A patch of a workload that is being deleted gets 409: the Run:ai status-code guide defines 409 as a request that
 * conflicts with the current state of the resource, which is exactly the case, whereas the request itself is well formed
 * (a 400 would tell the client to fix its body).
 */
final class WorkloadApi {

    static final String ANONYMOUS = "anonymous";

    private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SUFFIX_LENGTH = 5;
    /** Suffix clashes are rare (36^5 names); a handful of attempts makes a false 409 practically impossible. */
    private static final int SUFFIX_ATTEMPTS = 10;

    private final UUID clusterId;
    private final WorkloadStore store;
    private final ControlPlaneContract contract;
    private final Duration phaseDelay;
    private final Clock clock;

    WorkloadApi(UUID clusterId, WorkloadStore store, ControlPlaneContract contract, Duration phaseDelay, Clock clock) {
        this.clusterId = clusterId;
        this.store = store;
        this.contract = contract;
        this.phaseDelay = phaseDelay;
        this.clock = clock;
    }

    void create(RoutingContext ctx) {
        CreateRequest request = CreateRequest.parse(contract.create(ctx));
        if (!request.clusterId().equals(clusterId)) {
            throw SimErrors.badRequest("Cluster " + request.clusterId() + " is not managed by this control plane");
        }
        String createdBy = TokenIssuer.subjectOf(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)).orElse(ANONYMOUS);
        Instant now = now();
        StoredWorkload created = request.useGivenNameAsPrefix()
                ? insertWithSuffix(request, createdBy, now)
                : insert(request, request.name(), createdBy, now)
                        .orElseThrow(() -> nameExists(request));
        // the vendor always answers a create with Creating, however short the simulated phases are
        SimJson.reply(ctx, 202, created.toJson(WorkloadPhase.CREATING));
    }

    void get(RoutingContext ctx) {
        Instant now = now();
        StoredWorkload workload = store.find(workloadId(ctx), now)
                .orElseThrow(SimErrors::notFound);
        SimJson.reply(ctx, 200, workload.toJson(workload.phaseAt(now, phaseDelay)));
    }

    void patch(RoutingContext ctx) {
        UpdateRequest update = UpdateRequest.parse(contract.patch(ctx));
        UUID workloadId = workloadId(ctx);
        Instant now = now();
        StoredWorkload current = store.find(workloadId, now)
                .orElseThrow(SimErrors::notFound);
        if (current.isDeleting()) {
            throw deleting();
        }
        if (!update.changesReplicas()) {
            SimJson.reply(ctx, 202, current.toJson(current.phaseAt(now, phaseDelay)));
            return;
        }
        StoredWorkload updated = store
                .update(workloadId, now, w -> w.isDeleting() ? w : w.withReplicas(update.replicas(), now))
                .orElseThrow(SimErrors::notFound);
        if (updated.isDeleting()) {
            throw deleting();
        }
        SimJson.reply(ctx, 202, updated.toJson(WorkloadPhase.UPDATING));
    }

    void delete(RoutingContext ctx) {
        Instant now = now();
        // a second delete keeps the first deletion time, so repeating it never prolongs Deleting
        store.update(workloadId(ctx), now, w -> w.isDeleting() ? w : w.deletedAt(now))
                .orElseThrow(SimErrors::notFound);
        SimJson.reply(ctx, 202, SimJson.object()
                .put("code", 202)
                .put("message", SimErrors.ACCEPTED));
    }

    private StoredWorkload insertWithSuffix(CreateRequest request, String createdBy, Instant now) {
        for (int attempt = 0; attempt < SUFFIX_ATTEMPTS; attempt++) {
            Optional<StoredWorkload> created = insert(request, request.name() + "-" + randomSuffix(), createdBy, now);
            if (created.isPresent()) {
                return created.get();
            }
        }
        throw nameExists(request);
    }

    private Optional<StoredWorkload> insert(CreateRequest request, String name, String createdBy, Instant now) {
        return store.insert(StoredWorkload.created(UUID.randomUUID(), name, request, createdBy, now), now);
    }

    /** A path id that is not a UUID cannot name a stored workload, so it is simply not found. */
    private static UUID workloadId(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("workloadId"));
        } catch (IllegalArgumentException e) {
            throw SimErrors.notFound();
        }
    }

    private static String randomSuffix() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder suffix = new StringBuilder(SUFFIX_LENGTH);
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return suffix.toString();
    }

    private static SimRequestException nameExists(CreateRequest request) {
        return SimErrors.conflict(SimErrors.NAME_EXISTS,
                "A workload named " + request.name() + " already exists in project " + request.projectId());
    }

    private static SimRequestException deleting() {
        return SimErrors.conflict("Workload is being deleted", "A workload cannot be updated while it is being deleted");
    }

    private Instant now() {
        return SimJson.truncate(clock.instant());
    }
}
