package io.infergate.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.infergate.testing.CapturedLog;
import io.infergate.testing.GatewayHttp;
import io.infergate.testing.InjectWireMock;
import io.infergate.testing.TestTokens;
import io.infergate.testing.VerboseWireMockTokenCluster;
import io.infergate.testing.WireMockCluster;
import io.infergate.testing.WireMockTokenCluster;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * With every category at DEBUG and {@code quarkus.rest-client.logging.scope=request-response}, no log line holds the
 * cluster's client secret, the control plane's access token or a caller's bearer token.
 */
@QuarkusTest
@WithTestResource(VerboseWireMockTokenCluster.class)
class SecretsNeverLoggedTest {

    @InjectWireMock
    WireMockServer controlPlane;

    @Test
    void shouldLogNoSecretNoTokenWhateverTheLogSettings() {
        // Given a token endpoint that issues an opaque token (no pattern could spot it in a log line), and a control
        // plane that accepts it once and then refuses it
        String upstreamToken = "opaque-" + UUID.randomUUID();
        controlPlane.resetAll();
        controlPlane.stubFor(post(urlEqualTo(WireMockTokenCluster.TOKEN)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"accessToken\":\"" + upstreamToken + "\",\"expiresIn\":3600}")));
        String id = UUID.randomUUID().toString();
        controlPlane.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).withHeader("Authorization",
                equalTo("Bearer " + upstreamToken)).willReturn(
                        aResponse().withStatus(200)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"workloadId\":\"" + id + "\",\"projectId\":\"3\",\"clusterId\":\""
                                        + WireMockCluster.CLUSTER_WM + "\"}")));
        String caller = TestTokens.admin();
        String refusedCaller = TestTokens.builder().groups(TestTokens.ADMINS).audience("another-api").sign();
        String badSignature = TestTokens.builder().groups(TestTokens.ADMINS)
                .signedWith(TestTokens.privateKey("security/rotated-signing-key.pem")).sign();

        List<String> logged;
        try (CapturedLog log = CapturedLog.everything()) {
            // When the gateway fetches a token, uses it, and refuses callers' tokens
            assertThat(GatewayHttp.send("GET", COLLECTION + "/" + id, "Bearer " + caller, null).statusCode())
                    .isEqualTo(200);
            controlPlane.stubFor(get(urlPathEqualTo(COLLECTION + "/" + id)).atPriority(1).willReturn(aResponse()
                    .withStatus(401).withHeader("Content-Type", "application/json")
                    .withBody("{\"code\":401,\"message\":\"revoked\"}")));
            GatewayHttp.send("GET", COLLECTION + "/" + id, "Bearer " + caller, null);
            assertThat(GatewayHttp.send("GET", COLLECTION + "/" + id, "Bearer " + refusedCaller, null).statusCode())
                    .isEqualTo(401);
            assertThat(GatewayHttp.send("GET", COLLECTION + "/" + id, "Bearer " + badSignature, null).statusCode())
                    .isEqualTo(401);
            logged = log.lines().stream().map(CapturedLog.Line::message).toList();
        }

        // Then the capture saw the token request, and no line holds a secret or a token
        assertThat(logged).as("the capture works").anyMatch(line -> line.contains(WireMockTokenCluster.TOKEN));
        assertThat(logged).as("what was logged")
                .noneMatch(line -> line.contains(WireMockTokenCluster.CLIENT_SECRET))
                .noneMatch(line -> line.contains(upstreamToken))
                .noneMatch(line -> line.contains(signature(caller)))
                .noneMatch(line -> line.contains(signature(refusedCaller)))
                .noneMatch(line -> line.contains(signature(badSignature)));
    }

    /**
     * @return the signature part of a token: a line with it holds the whole token, or enough of it to replay
     */
    private static String signature(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }
}
