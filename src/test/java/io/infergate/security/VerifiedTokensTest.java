package io.infergate.security;

import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.infergate.observability.Meters;
import io.infergate.testing.GatewayHttp;
import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.infergate.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A token verified once is not verified again until it expires, and the identity it brings is always its own.
 */
@QuarkusTest
@WithTestResource(RunningSimulator.class)
class VerifiedTokensTest {

    @Inject
    MeterRegistry registry;

    @Test
    void shouldVerifyATokenOnceAndAnswerItsLaterRequestsAsItsOwnCaller() {
        String ada = "Bearer " + TestTokens.builder().subject("ada").groups(TestTokens.ADMINS).sign();
        String bob = "Bearer " + TestTokens.builder().subject("bob").groups(TestTokens.ADMINS).sign();
        double hitsBefore = count("hit");

        assertThat(createdBy(ada, "first")).isEqualTo("ada");
        assertThat(createdBy(bob, "second")).isEqualTo("bob");
        assertThat(createdBy(ada, "third")).isEqualTo("ada");
        assertThat(createdBy(bob, "fourth")).isEqualTo("bob");

        // the first request of each token was verified; the later ones were remembered
        assertThat(count("hit") - hitsBefore).isEqualTo(2);
    }

    @Test
    void shouldRefuseARememberedTokenOnceItHasExpired() {
        Instant expiry = Instant.now().plusSeconds(2);
        String shortLived = "Bearer " + TestTokens.builder().subject("brief").groups(TestTokens.ADMINS)
                .expiresAt(expiry).sign();
        String path = COLLECTION + "/" + UUID.randomUUID();

        assertThat(GatewayHttp.send("GET", path, shortLived, null).statusCode()).isEqualTo(404);
        assertThat(GatewayHttp.send("GET", path, shortLived, null).statusCode()).isEqualTo(404);

        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiry.plusSeconds(1)));
        assertThat(GatewayHttp.send("GET", path, shortLived, null).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldNeverRememberATokenItRefused() {
        String otherAudience = "Bearer " + TestTokens.builder().groups(TestTokens.ADMINS).audience("some-other-api")
                .sign();
        String path = COLLECTION + "/" + UUID.randomUUID();
        double hitsBefore = count("hit");

        for (int i = 0; i < 3; i++) {
            assertThat(GatewayHttp.send("GET", path, otherAudience, null).statusCode()).isEqualTo(401);
        }

        assertThat(count("hit")).isEqualTo(hitsBefore);
    }

    @Test
    void shouldAnswerARememberedTokenOnlyAsQuarkusOidcReadsTheHeader() {
        String token = TestTokens.builder().subject("carol").groups(TestTokens.ADMINS).sign();
        String path = COLLECTION + "/" + UUID.randomUUID();
        assertThat(GatewayHttp.send("GET", path, "Bearer " + token, null).statusCode()).isEqualTo(404);
        double hitsBefore = count("hit");

        // the scheme in any case is the same credential, and is answered from the cache
        assertThat(GatewayHttp.send("GET", path, "bEaReR " + token, null).statusCode()).isEqualTo(404);
        assertThat(count("hit") - hitsBefore).isEqualTo(1);

        // anything OIDC would not read as this bearer token is refused, remembered or not
        for (String header : new String[] { "Basic " + token, "Bearer  " + token, "Bearer" + token, "Bearers " + token,
                token }) {
            assertThat(GatewayHttp.send("GET", path, header, null).statusCode()).as(header.substring(0, 8))
                    .isEqualTo(401);
        }
        assertThat(count("hit") - hitsBefore).isEqualTo(1);
    }

    private static String createdBy(String authorization, String name) {
        HttpResponse<String> created = GatewayHttp.send("POST", COLLECTION, authorization,
                Simulators.createBody(CLUSTER_A, "7", "cached-" + name + "-" + UUID.randomUUID().toString().substring(0, 8)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        return created.body().replaceAll(".*\"createdBy\":\"([^\"]*)\".*", "$1");
    }

    private double count(String result) {
        return registry.get(Meters.AUTH_TOKEN_CACHE).tag(Meters.RESULT, result).counter().count();
    }
}
