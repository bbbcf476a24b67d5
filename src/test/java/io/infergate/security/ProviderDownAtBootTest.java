package io.infergate.security;

import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.infergate.testing.GatewayHttp;
import io.infergate.testing.InjectWireMock;
import io.infergate.testing.Management;
import io.infergate.testing.TestTokens;
import io.infergate.testing.WireMockIdp;
import io.infergate.testing.WireMockIdpDownAtBoot;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The gateway starts while its OIDC provider is down (Quarkus OIDC then has no tenant to verify with): a request with a
 * token is a 503 with {@code Retry-After}, not a 500, wellness says the provider is unreachable while readiness stays
 * UP, and once the provider is up the same token is served without a restart.
 */
@QuarkusTest
@WithTestResource(WireMockIdpDownAtBoot.class)
class ProviderDownAtBootTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectWireMock
    WireMockServer idp;

    @Test
    void shouldAnswer503UntilTheProviderIsUpAndThenServe() throws Exception {
        // Given a provider that has not been reachable since the gateway started
        String path = COLLECTION + "/" + UUID.randomUUID();
        String token = "Bearer " + WireMockIdp.token(idp, WireMockIdp.KEY_1).groups(TestTokens.ADMINS).sign();

        // When a token is sent, Then the answer is a 503 in the vendor shape that says when to try again
        HttpResponse<String> refused = GatewayHttp.send("GET", path, token, null);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("code").asInt()).isEqualTo(503);
        assertThat(body.get("details").asText()).contains("identity provider");
        // and a request without a token is still a 401: nothing needs the provider to refuse it
        assertThat(GatewayHttp.send("GET", path, null, null).statusCode()).isEqualTo(401);
        // and health says the provider is unreachable, in wellness only: readiness stays UP
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(providerCheck().path("status").asText()).isEqualTo("DOWN"));
        assertThat(providerCheck().path("data").path("reason").asText()).isNotBlank();
        assertThat(Management.given().get("/q/health/ready").statusCode()).isEqualTo(200);

        // When the provider comes up
        idp.start();

        // Then the same token is served, and wellness is UP, within a few key refreshes
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> GatewayHttp.send("GET", path, token, null).statusCode() == 404);
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(providerCheck().path("status").asText()).isEqualTo("UP"));
    }

    static JsonNode providerCheck() throws Exception {
        JsonNode health = JSON.readTree(Management.given().get("/q/health/well").asString());
        for (JsonNode check : health.path("checks")) {
            if ("identity-provider".equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no identity-provider check in " + health);
    }
}
