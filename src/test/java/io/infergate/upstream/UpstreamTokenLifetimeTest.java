package io.infergate.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.infergate.testing.GatewayHttp;
import io.infergate.testing.InjectWireMock;
import io.infergate.testing.TestTokens;
import io.infergate.testing.WireMockCluster;
import io.infergate.testing.WireMockTokenCluster;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A control plane's token may state any {@code exp}: one InferGate cannot plan by (in the past, beyond any date, not a
 * number) is not a failure, the token is used for the assumed lifetime instead, and fetched once for many requests.
 */
@QuarkusTest
@WithTestResource(WireMockTokenCluster.class)
class UpstreamTokenLifetimeTest {

    @InjectWireMock
    WireMockServer controlPlane;

    @ParameterizedTest(name = "exp {0}")
    @ValueSource(strings = { "9223372036854775807", "-9223372036854775808", "1e30", "13569465600", "-1", "0", "PAST",
            "\"soon\"", "{}", "MISSING" })
    void shouldServeWithATokenWhateverItsExpAndFetchItOnce(String exp) {
        // Given a token endpoint whose token states this exp, and a control plane that accepts only that token
        String token = accessToken(exp);
        controlPlane.resetAll();
        controlPlane.stubFor(post(urlEqualTo(WireMockTokenCluster.TOKEN)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"accessToken\":\"" + token + "\"}")));
        String id = UUID.randomUUID().toString();
        controlPlane.stubFor(get(urlPathEqualTo(COLLECTION + "/" + id)).atPriority(10).willReturn(aResponse()
                .withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":401,\"message\":\"Unauthorized\"}")));
        controlPlane.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"workloadId\":\"" + id + "\",\"projectId\":\"3\",\"clusterId\":\"" + WireMockCluster.CLUSTER_WM
                                + "\"}")));

        // When two gets are sent (the first drops any token an earlier case left)
        int first = GatewayHttp.send("GET", COLLECTION + "/" + id, TestTokens.adminHeader(), null).statusCode();
        int second = GatewayHttp.send("GET", COLLECTION + "/" + id, TestTokens.adminHeader(), null).statusCode();

        // Then both are served, with one token
        assertThat(first).isEqualTo(200);
        assertThat(second).isEqualTo(200);
        assertThat(controlPlane.findAll(postRequestedFor(urlEqualTo(WireMockTokenCluster.TOKEN)))).hasSize(1);
    }

    private static String accessToken(String exp) {
        String value = switch (exp) {
            case "PAST" -> Long.toString(Instant.now().minusSeconds(3600).getEpochSecond());
            default -> exp;
        };
        String claims = "MISSING".equals(exp)
                ? "{\"sub\":\"infergate\"}"
                : "{\"sub\":\"infergate\",\"exp\":" + value + "}";
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.US_ASCII)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + base64.encodeToString(
                        UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
    }
}
