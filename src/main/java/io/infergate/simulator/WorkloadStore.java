package io.infergate.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * The workloads of one simulated cluster, by id and by (project, name). Workloads whose deletion has finished are purged
 * lazily when a read or a name clash meets them. Lock-free: handlers run on the event loop and must never wait.
 */
final class WorkloadStore {

    private record NameKey(String projectId, String name) {
    }

    private final ConcurrentMap<UUID, StoredWorkload> byId = new ConcurrentHashMap<>();
    private final ConcurrentMap<NameKey, UUID> byName = new ConcurrentHashMap<>();
    private final Duration phaseDelay;

    WorkloadStore(Duration phaseDelay) {
        this.phaseDelay = phaseDelay;
    }

    /**
     * Stores a new workload unless another live workload of the same project has its name.
     *
     * @return the stored workload, or empty on a name clash
     */
    Optional<StoredWorkload> insert(StoredWorkload workload, Instant now) {
        NameKey key = keyOf(workload);
        // the id entry goes first so a concurrent name check never sees a reservation without its workload
        byId.put(workload.workloadId(), workload);
        while (true) {
            UUID holder = byName.putIfAbsent(key, workload.workloadId());
            if (holder == null) {
                return Optional.of(workload);
            }
            if (find(holder, now).isPresent()) {
                byId.remove(workload.workloadId(), workload);
                return Optional.empty();
            }
            // the holder is gone (find purged it); drop a leftover reservation and try again
            byName.remove(key, holder);
        }
    }

    /** The workload unless it never existed or its deletion has finished. */
    Optional<StoredWorkload> find(UUID workloadId, Instant now) {
        StoredWorkload workload = byId.get(workloadId);
        if (workload == null) {
            return Optional.empty();
        }
        if (workload.isGoneAt(now, phaseDelay)) {
            byId.remove(workloadId, workload);
            byName.remove(keyOf(workload), workloadId);
            return Optional.empty();
        }
        return Optional.of(workload);
    }

    /**
     * Atomically replaces a live workload with {@code change} applied to it.
     *
     * @return the workload after the change, or empty when there is no live workload with this id
     */
    Optional<StoredWorkload> update(UUID workloadId, Instant now, UnaryOperator<StoredWorkload> change) {
        if (find(workloadId, now).isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byId.computeIfPresent(workloadId, (id, current) -> change.apply(current)));
    }

    void clear() {
        byId.clear();
        byName.clear();
    }

    private static NameKey keyOf(StoredWorkload workload) {
        return new NameKey(workload.projectId(), workload.name());
    }
}
