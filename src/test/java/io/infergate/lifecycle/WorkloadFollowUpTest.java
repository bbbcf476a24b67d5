package io.infergate.lifecycle;

import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.RunningSimulator.CLUSTER_B;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.infergate.observability.Meters;
import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Workloads created through the gateway are followed against real simulated control planes (phases advance every
 * 500 ms): time to Running is recorded per cluster, and each follow-up ends once with what became of the workload.
 */
@QuarkusTest
@TestProfile(WorkloadFollowUpTest.FollowUpsOn.class)
@WithTestResource(RunningSimulator.class)
class WorkloadFollowUpTest {

    /** Follow-ups on, read every 100 ms, at most three at once, given up after 4 s. */
    public static class FollowUpsOn implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("infergate.lifecycle.enabled", "true",
                    "infergate.lifecycle.poll-interval", "100ms",
                    "infergate.lifecycle.max-followed", "3",
                    "infergate.lifecycle.timeout", "4s");
        }
    }

    @Inject
    MeterRegistry registry;

    @AfterEach
    void settle() {
        Simulators.reset("sim-a", "sim-b");
        await().atMost(Duration.ofSeconds(10)).until(() -> active() == 0);
    }

    @Test
    void shouldRecordTimeToRunningPerClusterOnceTheWorkloadRuns() {
        double runningBefore = ended("a", "running");
        long timedBefore = timedCount("a");
        double secondsBefore = timedSeconds("a");

        create(CLUSTER_A, "followed", "nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3");

        await().atMost(Duration.ofSeconds(10)).until(() -> ended("a", "running") == runningBefore + 1);
        assertThat(timedCount("a")).isEqualTo(timedBefore + 1);
        // Creating, Pending and Initializing take 500 ms each before Running; the clock starts when the 202 reaches the
        // gateway, a little after the control plane created the workload
        assertThat(timedSeconds("a") - secondsBefore).isBetween(1.3, 5.0);
        assertThat(registry.find(Meters.WORKLOAD_TIME_TO_RUNNING).tag(Meters.CLUSTER, "b").timer()).isNull();
    }

    @Test
    void shouldRecordAFailureWithThePhaseItFailedIn() {
        double failedBefore = ended("a", "failed", "Initializing");
        long timedBefore = timedCount("a");

        create(CLUSTER_A, "unpullable", "nvcr.io/nim/meta/llama-3.1-70b-instruct:unpullable");

        await().atMost(Duration.ofSeconds(10)).until(() -> ended("a", "failed", "Initializing") == failedBefore + 1);
        assertThat(timedCount("a")).isEqualTo(timedBefore);
    }

    @Test
    void shouldEndTheFollowUpOfADeletedWorkload() {
        double deletedBefore = ended("a", "deleted");

        String id = create(CLUSTER_A, "short-lived", "nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3");
        given().delete(COLLECTION + "/" + id).then().statusCode(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> ended("a", "deleted") == deletedBefore + 1);
    }

    @Test
    void shouldGiveUpAtTheTimeoutWhenTheClusterCannotBeRead() {
        double timedOutBefore = ended("b", "timeout", "Creating");
        String id = create(CLUSTER_B, "unreadable", "nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3");
        Simulators.at("sim-b").contentType(ContentType.JSON)
                .body("{\"errorRate\":1.0,\"errorStatus\":500,\"operations\":[\"get\"]}")
                .put("/_sim/faults")
                .then()
                .statusCode(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> ended("b", "timeout", "Creating") == timedOutBefore + 1);
        // the workload itself is fine: only reading it failed
        Simulators.at("sim-b").contentType(ContentType.JSON).body("{}").put("/_sim/faults").then().statusCode(200);
        Simulators.at("sim-b").get(COLLECTION + "/" + id).then().statusCode(200);
    }

    @Test
    void shouldSkipCreatesBeyondTheBudgetAndFollowTheRest() {
        double skippedBefore = ended("a", "skipped", "none");
        double runningBefore = ended("a", "running");

        for (int i = 0; i < 4; i++) {
            create(CLUSTER_A, "budget-" + i, "nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3");
        }

        assertThat(ended("a", "skipped", "none")).isEqualTo(skippedBefore + 1);
        assertThat(active()).isLessThanOrEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> ended("a", "running") == runningBefore + 3);
    }

    private static String create(String clusterId, String name, String image) {
        String body = createBody(clusterId, "3", name).replace("nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3", image);
        return given().contentType(ContentType.JSON)
                .body(body)
                .post(COLLECTION)
                .then()
                .statusCode(202)
                .extract()
                .path("workloadId");
    }

    private double ended(String cluster, String outcome) {
        return registry.find(Meters.WORKLOAD_FOLLOWUPS).tag(Meters.CLUSTER, cluster).tag(Meters.OUTCOME, outcome)
                .counters().stream().mapToDouble(Counter::count).sum();
    }

    private double ended(String cluster, String outcome, String phase) {
        Counter counter = registry.find(Meters.WORKLOAD_FOLLOWUPS).tag(Meters.CLUSTER, cluster)
                .tag(Meters.OUTCOME, outcome).tag(Meters.PHASE, phase).counter();
        return counter == null ? 0 : counter.count();
    }

    private long timedCount(String cluster) {
        Timer timer = registry.find(Meters.WORKLOAD_TIME_TO_RUNNING).tag(Meters.CLUSTER, cluster).timer();
        return timer == null ? 0 : timer.count();
    }

    private double timedSeconds(String cluster) {
        Timer timer = registry.find(Meters.WORKLOAD_TIME_TO_RUNNING).tag(Meters.CLUSTER, cluster).timer();
        return timer == null ? 0 : timer.totalTime(TimeUnit.SECONDS);
    }

    private double active() {
        return registry.get(Meters.WORKLOAD_FOLLOWUPS_ACTIVE).gauge().value();
    }
}
