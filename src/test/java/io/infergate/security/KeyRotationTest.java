package io.infergate.security;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.infergate.testing.GatewayHttp;
import io.infergate.testing.InjectWireMock;
import io.infergate.testing.Simulators;
import io.infergate.testing.TestTokens;
import io.infergate.testing.WireMockIdp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Against an OIDC provider with discovery and a JWK set: a rotated signing key is picked up without a restart, a flood of
 * made-up key ids costs the provider at most one key fetch per refresh interval, and no token, however odd, is ever sent
 * to the provider's introspection endpoint.
 */
@QuarkusTest
@WithTestResource(WireMockIdp.class)
class KeyRotationTest {

    private static final Logger LOG = Logger.getLogger(KeyRotationTest.class);

    @InjectWireMock
    WireMockServer idp;

    @BeforeEach
    void startCounting() {
        WireMockIdp.publish(idp, WireMockIdp.KEY_1);
        idp.resetRequests();
        Simulators.reset("sim-a", "sim-b");
    }

    @AfterEach
    void restoreKeys() {
        WireMockIdp.publish(idp, WireMockIdp.KEY_1);
    }

    @Test
    void shouldAcceptTokensOfTheProvidersCurrentKey() {
        String token = WireMockIdp.token(idp, WireMockIdp.KEY_1).groups(TestTokens.ADMINS).sign();

        assertThat(GatewayHttp.send("POST", COLLECTION, "Bearer " + token,
                Simulators.createBody(CLUSTER_A, "3", "provider-key")).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldPickUpARotatedKeyWithoutARestart() {
        String rotated = "Bearer " + WireMockIdp.token(idp, WireMockIdp.KEY_2).groups(TestTokens.ADMINS).sign();
        WireMockIdp.publish(idp, WireMockIdp.KEY_1, WireMockIdp.KEY_2);

        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> GatewayHttp.send("GET", COLLECTION + "/" + UUID.randomUUID(), rotated, null)
                        .statusCode() == 404);
        assertThat(idp.findAll(getRequestedFor(urlPathEqualTo(WireMockIdp.JWKS)))).isNotEmpty();
    }

    @Test
    void shouldNotTurnAFloodOfUnknownKeyIdsIntoAFloodOfProviderCalls() {
        int tokens = 200;
        long start = System.nanoTime();
        for (int i = 0; i < tokens; i++) {
            String forged = WireMockIdp.token(idp, WireMockIdp.KEY_1).keyId("made-up-" + i).groups(TestTokens.ADMINS)
                    .sign();
            assertThat(GatewayHttp.send("GET", COLLECTION + "/" + UUID.randomUUID(), "Bearer " + forged, null)
                    .statusCode()).isEqualTo(401);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        int keyFetches = idp.findAll(getRequestedFor(urlPathEqualTo(WireMockIdp.JWKS))).size();
        LOG.infof("%d tokens with unknown kids in %.1f s cost the provider %d key fetches", tokens, seconds, keyFetches);
        // one fetch per started two-second refresh interval at most
        assertThat(keyFetches).isLessThanOrEqualTo(1 + (int) (seconds / 2));
        assertThat(idp.findAll(postRequestedFor(urlPathEqualTo(WireMockIdp.INTROSPECT)))).isEmpty();
        assertThat(Simulators.stats("sim-a")).containsEntry("get", 0);
    }

    @Test
    void shouldNeverAskTheProviderToIntrospectAToken() {
        String[] tokens = {
                "Bearer opaque-token-the-provider-might-know",
                "Bearer " + WireMockIdp.token(idp, WireMockIdp.KEY_1).audience("another-api").sign(),
                "Bearer " + WireMockIdp.token(idp, WireMockIdp.KEY_1).signedWith(
                        TestTokens.privateKey("security/rotated-signing-key.pem")).sign() };
        for (String token : tokens) {
            assertThat(GatewayHttp.send("GET", COLLECTION + "/" + UUID.randomUUID(), token, null).statusCode())
                    .isEqualTo(401);
        }

        assertThat(idp.findAll(postRequestedFor(urlPathEqualTo(WireMockIdp.INTROSPECT)))).isEmpty();
    }
}
