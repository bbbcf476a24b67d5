package io.infergate.security;

import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.infergate.testing.GatewayHttp;
import io.infergate.testing.InjectWireMock;
import io.infergate.testing.TestTokens;
import io.infergate.testing.WatchedWireMockIdp;
import io.infergate.testing.WireMockIdp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A key the provider stops publishing is refused within {@code infergate.oidc.key-refresh-interval} (one second here):
 * a token remembered by the verified-token cache, and a fresh token of that key that no unknown {@code kid} ever made
 * Quarkus OIDC refetch keys for. Tokens of the keys still published are served throughout.
 */
@QuarkusTest
@WithTestResource(WatchedWireMockIdp.class)
class WithdrawnKeyTest {

    @InjectWireMock
    WireMockServer idp;

    @AfterEach
    void restoreKeys() {
        WireMockIdp.publish(idp, WireMockIdp.KEY_1);
    }

    @Test
    void shouldRefuseTokensOfAWithdrawnKeyOnceTheKeySetIsRefreshed() {
        // Given two published keys, and a token of the second that the gateway has verified and remembers
        WireMockIdp.publish(idp, WireMockIdp.KEY_1, WireMockIdp.KEY_2);
        String path = COLLECTION + "/" + UUID.randomUUID();
        String remembered = "Bearer " + WireMockIdp.token(idp, WireMockIdp.KEY_2).groups(TestTokens.ADMINS).sign();
        String current = "Bearer " + WireMockIdp.token(idp, WireMockIdp.KEY_1).groups(TestTokens.ADMINS).sign();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> GatewayHttp.send("GET", path, remembered, null).statusCode() == 404);
        assertThat(GatewayHttp.send("GET", path, remembered, null).statusCode()).isEqualTo(404);

        // When the provider withdraws the second key
        WireMockIdp.publish(idp, WireMockIdp.KEY_1);

        // Then the remembered token is refused within a few key refreshes
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> GatewayHttp.send("GET", path, remembered, null).statusCode() == 401);
        // and so is a fresh token of the withdrawn key, though Quarkus OIDC still holds that key
        String fresh = "Bearer " + WireMockIdp.token(idp, WireMockIdp.KEY_2).subject("fresh").groups(TestTokens.ADMINS)
                .sign();
        assertThat(GatewayHttp.send("GET", path, fresh, null).statusCode()).isEqualTo(401);
        // while a token of the key still published is served
        assertThat(GatewayHttp.send("GET", path, current, null).statusCode()).isEqualTo(404);
    }
}
