package io.infergate.limits;

import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.Simulators.createBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.infergate.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Rate limits of one replica (no Redis: the counters are in memory), over real HTTP to the simulator: the 429 in the
 * vendor Error shape with Retry-After and the IETF headers, counted per caller, and nothing sent when refused.
 */
@QuarkusTest
@WithTestResource(RunningSimulator.class)
@TestProfile(RateLimitsTest.Limited.class)
class RateLimitsTest {

    private static final String COLLECTION = "/api/v1/workloads/distributed-inferences";

    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("infergate.limits.creates.operations", "create",
                    "infergate.limits.creates.rate", "2",
                    "infergate.limits.creates.period", "1h",
                    "infergate.limits.reads.operations", "get",
                    "infergate.limits.reads.subjects", "reader",
                    "infergate.limits.reads.rate", "1",
                    "infergate.limits.reads.period", "1h");
        }
    }

    @BeforeEach
    void resetSimulators() {
        Simulators.reset("sim-a", "sim-b");
    }

    @Test
    void shouldRefuseTheCreateBeyondTheBurstWithoutSendingIt() {
        // Given a caller with a limit of 2 creates an hour
        String token = token("creator");

        // When it creates three times
        Response first = create(token, "one");
        Response second = create(token, "two");
        Response third = create(token, "three");

        // Then the first two are sent and say what is left, the third is a 429 that was never sent
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.header("RateLimit-Policy")).isEqualTo("\"creates\";q=2;w=3600");
        assertThat(first.header("RateLimit")).startsWith("\"creates\";r=1;t=");
        assertThat(second.header("RateLimit")).startsWith("\"creates\";r=0;t=");
        third.then()
                .statusCode(429)
                .contentType(ContentType.JSON)
                .body("code", equalTo(429))
                .body("message", equalTo("Too many requests."))
                .body("details", containsString("'creates' (2 per 1h, burst 2, per caller)"))
                .header("Retry-After", "1800")
                .header("RateLimit", startsWith("\"creates\";r=0;t="));
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 2);

        // And another caller has its own allowance
        assertThat(create(token("someone-else"), "four").statusCode()).isEqualTo(202);
    }

    @Test
    void shouldLimitOnlyTheOperationsAndCallersALimitNames() {
        String id = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
        // the reader's one get an hour is spent by its first get (a 404: the workload is nowhere)
        get(token("reader"), id).then().statusCode(404).header("RateLimit", startsWith("\"reads\";r=0;"));
        get(token("reader"), id).then().statusCode(429).body("code", equalTo(429));
        // a get of another caller meets no limit, and carries no rate-limit header
        Response other = get(token("other-reader"), id);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.header("RateLimit")).isNull();
    }

    private static String token(String subject) {
        return "Bearer " + TestTokens.builder().subject(subject).groups(TestTokens.ADMINS).sign();
    }

    private static Response create(String token, String name) {
        return RestAssured.given()
                .header("Authorization", token)
                .contentType(ContentType.JSON)
                .body(createBody(CLUSTER_A, "7", name))
                .post(COLLECTION);
    }

    private static Response get(String token, String id) {
        return RestAssured.given().header("Authorization", token).get(COLLECTION + "/" + id);
    }
}
