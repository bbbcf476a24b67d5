package io.infergate.security;

import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.infergate.testing.GatewayHttp;
import io.infergate.testing.InjectWireMock;
import io.infergate.testing.Management;
import io.infergate.testing.TestTokens;
import io.infergate.testing.WatchedWireMockIdp;
import io.infergate.testing.WireMockIdp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The OIDC provider goes away after the gateway has fetched its keys: tokens of those keys are still served, a token
 * that needs the provider (a key id it has not published yet) is a 503 with {@code Retry-After}, a token that is not
 * good is still a 401, and wellness says the provider is unreachable while readiness stays UP.
 */
@QuarkusTest
@WithTestResource(WatchedWireMockIdp.class)
class ProviderGoneTest {

    @InjectWireMock
    WireMockServer idp;

    @AfterEach
    void providerBack() {
        if (!idp.isRunning()) {
            idp.start();
        }
        WireMockIdp.publish(idp, WireMockIdp.KEY_1);
    }

    @Test
    void shouldServeKnownKeysAnswer503WhenTheProviderIsNeededAnd401ForBadTokens() throws Exception {
        // Given a gateway that has fetched the provider's keys, and a provider that then goes away
        String path = COLLECTION + "/" + UUID.randomUUID();
        String known = "Bearer " + WireMockIdp.token(idp, WireMockIdp.KEY_1).groups(TestTokens.ADMINS).sign();
        assertThat(GatewayHttp.send("GET", path, known, null).statusCode()).isEqualTo(404);
        idp.stop();

        // When a token of a key it fetched, never seen before, is sent, Then it is served
        String fresh = "Bearer " + WireMockIdp.token(idp, WireMockIdp.KEY_1).subject("fresh").groups(TestTokens.ADMINS)
                .sign();
        assertThat(GatewayHttp.send("GET", path, fresh, null).statusCode()).isEqualTo(404);

        // When a token of a key id the gateway has not fetched is sent, Then it is a 503 once the key set may be fetched
        // again (Quarkus asks the provider at most once per forced-jwk-refresh-interval, 2 s here; within it, a 401)
        String newKey = "Bearer " + WireMockIdp.token(idp, WireMockIdp.KEY_2).groups(TestTokens.ADMINS).sign();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    HttpResponse<String> answer = GatewayHttp.send("GET", path, newKey, null);
                    assertThat(answer.statusCode()).isEqualTo(503);
                    assertThat(answer.headers().firstValue("Retry-After")).hasValue("10");
                });

        // When tokens that are not good are sent, Then they are still 401s
        String untrusted = "Bearer " + WireMockIdp.token(idp, WireMockIdp.KEY_1).groups(TestTokens.ADMINS)
                .signedWith(TestTokens.privateKey("security/rotated-signing-key.pem")).sign();
        String expired = "Bearer " + WireMockIdp.token(idp, WireMockIdp.KEY_1).groups(TestTokens.ADMINS)
                .expiresAt(java.time.Instant.now().minusSeconds(600)).sign();
        assertThat(GatewayHttp.send("GET", path, untrusted, null).statusCode()).isEqualTo(401);
        assertThat(GatewayHttp.send("GET", path, expired, null).statusCode()).isEqualTo(401);
        assertThat(GatewayHttp.send("GET", path, "Bearer not-a-jwt", null).statusCode()).isEqualTo(401);

        // And health says the provider is unreachable, in wellness only
        await().atMost(Duration.ofSeconds(15)).untilAsserted(
                () -> assertThat(ProviderDownAtBootTest.providerCheck().path("status").asText()).isEqualTo("DOWN"));
        assertThat(Management.given().get("/q/health/ready").statusCode()).isEqualTo(200);

        // When the provider is back and publishes the new key, Then its token is served and wellness is UP
        WireMockIdp.publish(idp, WireMockIdp.KEY_1, WireMockIdp.KEY_2);
        idp.start();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> GatewayHttp.send("GET", path, newKey, null).statusCode() == 404);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(
                () -> assertThat(ProviderDownAtBootTest.providerCheck().path("status").asText()).isEqualTo("UP"));
    }
}
