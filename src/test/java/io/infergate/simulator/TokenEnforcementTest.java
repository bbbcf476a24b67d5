package io.infergate.simulator;

import static io.infergate.simulator.SimHarness.bearer;
import static io.infergate.simulator.SimHarness.createBody;
import static io.infergate.simulator.SimHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class TokenEnforcementTest {

    private static final String WORKLOADS = SimulatedControlPlane.WORKLOADS + "/";
    private static final JsonNode UNAUTHORIZED = SimJson.object()
            .put("code", 401)
            .put("message", "Issuer is not familiar.");

    @Test
    void shouldServeEveryWorkloadOperationWithATokenItIssued() {
        try (SimHarness sim = SimHarness.requiringTokens()) {
            // Given a token of this control plane
            String[] auth = bearer(sim.token("gateway"));

            // When every workload operation is called with it
            HttpResponse<String> created = sim.create(createBody("served", null), auth);
            String id = json(created).get("workloadId").asText();
            HttpResponse<String> read = sim.get(id, auth);
            HttpResponse<String> patched = sim.send("PATCH", WORKLOADS + id, "{\"spec\":{\"replicas\":2}}", auth);
            HttpResponse<String> deleted = sim.send("DELETE", WORKLOADS + id, null, auth);

            // Then all are served as usual, attributed to the token's client, and nothing counts as unauthorized
            assertThat(created.statusCode()).isEqualTo(202);
            assertThat(json(created).get("createdBy").asText()).isEqualTo("gateway");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(patched.statusCode()).isEqualTo(202);
            assertThat(deleted.statusCode()).isEqualTo(202);
            assertThat(sim.stats().get("tokenIssued").asLong()).isEqualTo(1);
            assertThat(sim.stats().get("unauthorized").asLong()).isZero();
            assertThat(sim.stats().get("foreignToken").asLong()).isZero();
        }
    }

    @Test
    void shouldAnswer401AndDoNothingWithoutAToken() {
        try (SimHarness sim = SimHarness.requiringTokens()) {
            // Given a workload created with a token
            String[] auth = bearer(sim.token("gateway"));
            String id = json(sim.create(createBody("existing", "{\"replicas\":1}"), auth)).get("workloadId").asText();

            // When each operation is called without a token
            HttpResponse<String> create = sim.create(createBody("sneaky", null));
            HttpResponse<String> get = sim.get(id);
            HttpResponse<String> patch = sim.send("PATCH", WORKLOADS + id, "{\"spec\":{\"replicas\":3}}");
            HttpResponse<String> delete = sim.send("DELETE", WORKLOADS + id, null);

            // Then each is the vendor 401, counted, and neither the create, the patch nor the delete took effect
            for (HttpResponse<String> response : new HttpResponse[] { create, get, patch, delete }) {
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(json(response)).isEqualTo(UNAUTHORIZED);
            }
            assertThat(sim.stats().get("unauthorized").asLong()).isEqualTo(4);
            assertThat(sim.stats().get("foreignToken").asLong()).isZero();
            assertThat(sim.create(createBody("sneaky", null), auth).statusCode()).isEqualTo(202);
            JsonNode workload = json(sim.get(id, auth));
            assertThat(workload.get("deletedAt").isNull()).isTrue();
            assertThat(workload.at("/spec/replicas").asInt()).isEqualTo(1);
        }
    }

    @Test
    void shouldAnswer401ToGarbageWithoutCallingItForeign() {
        try (SimHarness sim = SimHarness.requiringTokens()) {
            // Given bearer values that are not signed JWTs, and a Basic header
            String unsigned = encode("{\"alg\":\"none\"}") + "." + encode("{\"sub\":\"x\"}") + ".";

            // When they are used
            HttpResponse<String> garbage = sim.create(createBody("g", null), bearer("not-a-jwt"));
            HttpResponse<String> noJson = sim.create(createBody("g", null), bearer("a.b.c"));
            HttpResponse<String> none = sim.create(createBody("g", null), bearer(unsigned));
            HttpResponse<String> basic = sim.create(createBody("g", null), "Authorization", "Basic Z2F0ZXdheTp4");

            // Then all are 401, none is a foreign token
            assertThat(garbage.statusCode()).isEqualTo(401);
            assertThat(json(garbage)).isEqualTo(UNAUTHORIZED);
            assertThat(noJson.statusCode()).isEqualTo(401);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(basic.statusCode()).isEqualTo(401);
            assertThat(sim.stats().get("unauthorized").asLong()).isEqualTo(4);
            assertThat(sim.stats().get("foreignToken").asLong()).isZero();
        }
    }

    @Test
    void shouldRejectATokenOfAnotherSimulatedClusterAsForeign() {
        try (SimHarness a = SimHarness.requiringTokens(); SimHarness b = SimHarness.requiringTokens()) {
            // Given two control planes in one process and a token of the first
            String tokenOfA = a.token("gateway");

            // When the second is called with it
            HttpResponse<String> atB = b.create(createBody("crossed", null), bearer(tokenOfA));

            // Then the second refuses it and counts a foreign token; the first still accepts it
            assertThat(atB.statusCode()).isEqualTo(401);
            assertThat(json(atB)).isEqualTo(UNAUTHORIZED);
            assertThat(b.stats().get("unauthorized").asLong()).isEqualTo(1);
            assertThat(b.stats().get("foreignToken").asLong()).isEqualTo(1);
            assertThat(a.create(createBody("own", null), bearer(tokenOfA)).statusCode()).isEqualTo(202);
            assertThat(a.stats().get("foreignToken").asLong()).isZero();
        }
    }

    @Test
    void shouldRejectATokenFromItsExpiryOn() {
        try (SimHarness sim = SimHarness.requiringTokens()) {
            // Given a token valid for an hour
            String[] auth = bearer(sim.token("gateway"));

            // When it is used one second before and exactly at its expiry
            sim.clock.advance(SimHarness.TOKEN_TTL.minusSeconds(1));
            HttpResponse<String> justValid = sim.create(createBody("in-time", null), auth);
            sim.clock.advance(Duration.ofSeconds(1));
            HttpResponse<String> expired = sim.create(createBody("too-late", null), auth);

            // Then the first is served, the second is a 401 that is not foreign, and a fresh token works again
            assertThat(justValid.statusCode()).isEqualTo(202);
            assertThat(expired.statusCode()).isEqualTo(401);
            assertThat(json(expired)).isEqualTo(UNAUTHORIZED);
            assertThat(sim.stats().get("unauthorized").asLong()).isEqualTo(1);
            assertThat(sim.stats().get("foreignToken").asLong()).isZero();
            assertThat(sim.create(createBody("too-late", null), bearer(sim.token("gateway"))).statusCode())
                    .isEqualTo(202);
        }
    }

    @Test
    void shouldRejectTokensIssuedBeforeARevocationOnly() {
        try (SimHarness sim = SimHarness.requiringTokens()) {
            // Given a token that worked
            String[] old = bearer(sim.token("gateway"));
            assertThat(sim.create(createBody("before", null), old).statusCode()).isEqualTo(202);

            // When the tokens are revoked, without the clock moving
            HttpResponse<String> revoke = sim.send("POST", SimulatedControlPlane.REVOKE_TOKENS, null);

            // Then the old token is refused (and not foreign), while a token issued afterwards is served
            assertThat(revoke.statusCode()).isEqualTo(204);
            HttpResponse<String> withOld = sim.create(createBody("after", null), old);
            assertThat(withOld.statusCode()).isEqualTo(401);
            assertThat(json(withOld)).isEqualTo(UNAUTHORIZED);
            assertThat(sim.create(createBody("after", null), bearer(sim.token("gateway"))).statusCode()).isEqualTo(202);
            assertThat(sim.stats().get("unauthorized").asLong()).isEqualTo(1);
            assertThat(sim.stats().get("foreignToken").asLong()).isZero();
        }
    }

    @Test
    void shouldNeverRequireATokenForTheTokenEndpointOrTheControlPaths() {
        try (SimHarness sim = SimHarness.requiringTokens()) {
            // Given a control plane requiring tokens
            // When the token endpoint and the control paths are called without one
            HttpResponse<String> token = sim.send("POST", SimulatedControlPlane.TOKEN, SimHarness.tokenBody("gateway"));
            HttpResponse<String> faults = sim.send("PUT", SimulatedControlPlane.FAULTS, "{}");
            HttpResponse<String> stats = sim.send("GET", SimulatedControlPlane.STATS, null);
            HttpResponse<String> revoke = sim.send("POST", SimulatedControlPlane.REVOKE_TOKENS, null);
            HttpResponse<String> reset = sim.send("POST", SimulatedControlPlane.RESET, null);

            // Then they all answer normally
            assertThat(token.statusCode()).isEqualTo(200);
            assertThat(faults.statusCode()).isEqualTo(200);
            assertThat(stats.statusCode()).isEqualTo(200);
            assertThat(revoke.statusCode()).isEqualTo(204);
            assertThat(reset.statusCode()).isEqualTo(204);
        }
    }

    @Test
    void shouldCountButAcceptForeignTokensWhenTokensAreNotRequired() {
        try (SimHarness a = new SimHarness(); SimHarness b = new SimHarness()) {
            // Given a control plane not requiring tokens, and a token of another one
            String tokenOfA = a.token("gateway-a");

            // When it is used there, and a garbage token too
            HttpResponse<String> created = b.create(createBody("tolerated", null), bearer(tokenOfA));
            HttpResponse<String> garbage = b.create(createBody("garbage", null), bearer("not-a-jwt"));

            // Then both are served as today, the foreign token's subject is the creator, and only it is counted
            assertThat(created.statusCode()).isEqualTo(202);
            assertThat(json(created).get("createdBy").asText()).isEqualTo("gateway-a");
            assertThat(garbage.statusCode()).isEqualTo(202);
            assertThat(json(garbage).get("createdBy").asText()).isEqualTo("anonymous");
            assertThat(b.stats().get("foreignToken").asLong()).isEqualTo(1);
            assertThat(b.stats().get("unauthorized").asLong()).isZero();
        }
    }

    @Test
    void shouldKeepTokensValidButClearTheirCountersOnReset() {
        try (SimHarness sim = new SimHarness(Map.of(), true)) {
            // Given an issued token, a rejected request and a foreign token
            String[] auth = bearer(sim.token("gateway"));
            sim.create(createBody("x", null));
            try (SimHarness other = new SimHarness()) {
                sim.create(createBody("x", null), bearer(other.token("other")));
            }

            // When the simulator is reset
            sim.send("POST", SimulatedControlPlane.RESET, null);

            // Then the counters are zero and the token still works
            JsonNode stats = sim.stats();
            assertThat(stats.get("tokenIssued").asLong()).isZero();
            assertThat(stats.get("unauthorized").asLong()).isZero();
            assertThat(stats.get("foreignToken").asLong()).isZero();
            assertThat(sim.create(createBody("x", null), auth).statusCode()).isEqualTo(202);
        }
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
