package io.infergate.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One distributed inference as the simulator holds it. The phase is not stored: it follows from the timestamps and the
 * phase delay at the moment of a read, so no timers are needed and a test clock drives the whole life cycle.
 *
 * @param spec the submitted spec exactly as received (unknown fields included), or {@code null} when none was sent; held
 *        as a private copy and handed out as a copy, so the record stays effectively immutable
 * @param updatedAt when the last accepted patch changed the spec, or {@code null}
 * @param deletedAt when deletion was requested, or {@code null}
 */
record StoredWorkload(UUID workloadId, String name, String requestedName, String projectId, UUID clusterId, String createdBy,
        Instant createdAt, ObjectNode spec, Instant updatedAt, Instant deletedAt) {

    /** The image tag that makes a simulated workload fail in Initializing. */
    static final String UNPULLABLE_TAG = "unpullable";

    StoredWorkload {
        Objects.requireNonNull(workloadId, "workloadId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requestedName, "requestedName");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        if (name.isEmpty() || !name.startsWith(requestedName)) {
            throw new IllegalArgumentException("name must be non-empty and start with requestedName");
        }
        spec = spec == null ? null : spec.deepCopy();
    }

    static StoredWorkload created(UUID workloadId, String name, CreateRequest request, String createdBy, Instant now) {
        return new StoredWorkload(workloadId, name, request.name(), request.projectId(), request.clusterId(), createdBy, now,
                request.spec(), null, null);
    }

    @Override
    public ObjectNode spec() {
        return spec == null ? null : spec.deepCopy();
    }

    boolean isDeleting() {
        return deletedAt != null;
    }

    /** Deletion takes one phase delay; after that the workload no longer exists and its name is free. */
    boolean isGoneAt(Instant now, Duration phaseDelay) {
        return deletedAt != null && !now.isBefore(deletedAt.plus(phaseDelay));
    }

    WorkloadPhase phaseAt(Instant now, Duration phaseDelay) {
        if (deletedAt != null) {
            return WorkloadPhase.DELETING;
        }
        List<WorkloadPhase> path = unpullable() ? WorkloadPhase.AFTER_FAILED_CREATE : WorkloadPhase.AFTER_CREATE;
        int last = path.size() - 1;
        long steps = phaseDelay.isZero() ? last : Duration.between(createdAt, now).dividedBy(phaseDelay);
        // a clock that steps back must not index before the first phase
        WorkloadPhase afterCreate = path.get((int) Math.max(0, Math.min(steps, last)));
        if (updatedAt != null && afterCreate != WorkloadPhase.FAILED) {
            return now.isBefore(updatedAt.plus(phaseDelay)) ? WorkloadPhase.UPDATING : WorkloadPhase.RUNNING;
        }
        return afterCreate;
    }

    /**
     * Whether the leader's or the workers' image has the tag {@value #UNPULLABLE_TAG}: the simulator's stand-in for an
     * image the cluster cannot pull, the most common reason a Run:ai workload fails.
     */
    boolean unpullable() {
        return spec != null && (unpullable(spec.path("leader").path("image").asText(""))
                || unpullable(spec.path("worker").path("image").asText("")));
    }

    private static boolean unpullable(String image) {
        return image.endsWith(":" + UNPULLABLE_TAG);
    }

    StoredWorkload withReplicas(Integer replicas, Instant now) {
        ObjectNode newSpec = spec == null ? SimJson.object() : spec.deepCopy();
        newSpec.put("replicas", replicas);
        return new StoredWorkload(workloadId, name, requestedName, projectId, clusterId, createdBy, createdAt, newSpec, now,
                deletedAt);
    }

    StoredWorkload deletedAt(Instant now) {
        return new StoredWorkload(workloadId, name, requestedName, projectId, clusterId, createdBy, createdAt, spec, updatedAt,
                now);
    }

    /** The vendor {@code DistributedInference} body, showing the given phase. */
    ObjectNode toJson(WorkloadPhase actualPhase) {
        ObjectNode json = SimJson.object()
                .put("name", name)
                .put("requestedName", requestedName)
                .put("workloadId", workloadId.toString())
                .put("projectId", projectId)
                .put("clusterId", clusterId.toString())
                .put("createdBy", createdBy)
                .put("createdAt", SimJson.timestamp(createdAt))
                .put("deletedAt", deletedAt == null ? null : SimJson.timestamp(deletedAt))
                .put("desiredPhase", deletedAt == null ? "Running" : "Deleted")
                .put("actualPhase", actualPhase.wireName());
        if (spec != null) {
            json.set("spec", spec.deepCopy());
        }
        return json;
    }
}
