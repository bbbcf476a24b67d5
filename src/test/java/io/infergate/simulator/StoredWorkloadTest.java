package io.infergate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class StoredWorkloadTest {

    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");
    private static final Duration DELAY = Duration.ofSeconds(2);

    private static StoredWorkload workload(ObjectNode spec) {
        return new StoredWorkload(UUID.randomUUID(), "w", "w", "1", UUID.randomUUID(), "anonymous", T0, spec, null, null);
    }

    @Test
    void shouldBeRunningAtOnceWithAZeroPhaseDelay() {
        // Given a workload just created
        StoredWorkload workload = workload(null);

        // When the phase is computed with no delay
        WorkloadPhase phase = workload.phaseAt(T0, Duration.ZERO);

        // Then it is Running
        assertThat(phase).isEqualTo(WorkloadPhase.RUNNING);
    }

    @Test
    void shouldStayCreatingWhenTheClockStepsBack() {
        // Given a workload created at T0
        StoredWorkload workload = workload(null);

        // When the phase is computed for an earlier instant
        WorkloadPhase phase = workload.phaseAt(T0.minusSeconds(30), DELAY);

        // Then it is still the first phase
        assertThat(phase).isEqualTo(WorkloadPhase.CREATING);
    }

    @Test
    void shouldFailInInitializingWhenAnImageCannotBePulled() {
        // Given a workload whose worker image has the unpullable tag, and one whose images are fine
        ObjectNode spec = SimJson.object();
        spec.putObject("leader").put("image", "nvcr.io/nim/meta/llama:1.3");
        spec.putObject("worker").put("image", "nvcr.io/nim/meta/llama:unpullable");
        StoredWorkload failing = workload(spec);
        ObjectNode fine = spec.deepCopy();
        fine.with("worker").put("image", "nvcr.io/nim/meta/llama:1.3");

        // When their phases are read along the way and long after, and after a patch
        // Then the failing one goes Creating, Pending, Initializing, then Failed for good; the other ends Running
        assertThat(failing.phaseAt(T0.plus(DELAY.multipliedBy(2)), DELAY)).isEqualTo(WorkloadPhase.INITIALIZING);
        assertThat(failing.phaseAt(T0.plus(DELAY.multipliedBy(3)), DELAY)).isEqualTo(WorkloadPhase.FAILED);
        assertThat(failing.phaseAt(T0.plusSeconds(3600), DELAY)).isEqualTo(WorkloadPhase.FAILED);
        assertThat(failing.withReplicas(2, T0.plusSeconds(60)).phaseAt(T0.plusSeconds(61), DELAY))
                .isEqualTo(WorkloadPhase.FAILED);
        assertThat(workload(fine).phaseAt(T0.plusSeconds(3600), DELAY)).isEqualTo(WorkloadPhase.RUNNING);
    }

    @Test
    void shouldNotShareItsSpecWithCallers() {
        // Given a workload made from a spec the caller keeps
        ObjectNode spec = SimJson.object().put("replicas", 1);
        StoredWorkload workload = workload(spec);

        // When the caller changes its spec and the one it reads back
        spec.put("replicas", 9);
        workload.spec().put("replicas", 7);

        // Then the stored spec is unchanged
        assertThat(workload.spec().get("replicas").asInt()).isEqualTo(1);
    }

    @Test
    void shouldBeGoneOnePhaseDelayAfterDeletion() {
        // Given a workload deleted at T0
        StoredWorkload deleted = workload(null).deletedAt(T0);

        // When its state is checked just before and at one delay later
        // Then it is Deleting until the delay is over, and gone from then on
        assertThat(deleted.isGoneAt(T0.plus(DELAY).minusMillis(1), DELAY)).isFalse();
        assertThat(deleted.phaseAt(T0.plus(DELAY).minusMillis(1), DELAY)).isEqualTo(WorkloadPhase.DELETING);
        assertThat(deleted.isGoneAt(T0.plus(DELAY), DELAY)).isTrue();
    }
}
