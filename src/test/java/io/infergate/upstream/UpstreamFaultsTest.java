package io.infergate.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import io.infergate.testing.InjectWireMock;
import io.infergate.testing.TestTokens;
import io.infergate.testing.WireMockCluster;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

@QuarkusTest
@WithTestResource(WireMockCluster.class)
class UpstreamFaultsTest {

    @InjectWireMock
    WireMockServer wireMock;

    @BeforeEach
    void resetStubs() {
        wireMock.resetAll();
        CircuitBreakerMaintenance.get().resetAll();
    }

    @Test
    void shouldAnswer502WhenUpstreamAnswersNonJson500() {
        // Given a control plane whose load balancer answers with an HTML error page
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Internal error</body></html>")));

        // When a caller creates a workload, Then the gateway answers 502 in the vendor Error shape naming the cluster
        given().contentType(ContentType.JSON)
                .body(createBody(WireMockCluster.CLUSTER_WM, "7", "llama"))
                .post(COLLECTION)
                .then()
                .statusCode(502)
                .contentType(ContentType.JSON)
                .body("code", equalTo(502))
                .body("message", equalTo("Bad gateway."))
                .body("details", containsString("Cluster wm answered 500"));
    }

    @Test
    void shouldAnswer502WhenTheKnownOwnerAnswersGarbageToAGet() {
        // Given a workload created through the gateway, so its owner is known
        String id = createdThroughGateway();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "text/plain").withBody("oops")));

        given().get(COLLECTION + "/" + id)
                .then()
                .statusCode(502)
                .contentType(ContentType.JSON)
                .body("details", containsString("Cluster wm answered 500"));
    }

    @Test
    void shouldAnswer502WhenUpstreamResetsTheConnection() {
        String id = createdThroughGateway();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        given().get(COLLECTION + "/" + id)
                .then()
                .statusCode(502)
                .contentType(ContentType.JSON)
                .body("code", equalTo(502))
                .body("details", containsString("Cluster wm closed the connection"));
    }

    @Test
    void shouldAnswer502WhenCreateMeetsAResetAndWarnThatItMayHaveBeenApplied() {
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        given().contentType(ContentType.JSON)
                .body(createBody(WireMockCluster.CLUSTER_WM, "7", "llama"))
                .post(COLLECTION)
                .then()
                .statusCode(502)
                .body("details", containsString("Cluster wm closed the connection before answering after the create was sent"))
                .body("details", containsString("workload 'llama' may have been created in project 7"));
    }

    @Test
    void shouldAnswer504WhenUpstreamIsTooSlow() {
        // Given a control plane slower than the cluster's 1 s request timeout
        wireMock.stubFor(post(urlEqualTo(COLLECTION))
                .willReturn(aResponse().withStatus(202).withFixedDelay(3_000).withBody("{}")));

        given().contentType(ContentType.JSON)
                .body(createBody(WireMockCluster.CLUSTER_WM, "7", "llama"))
                .post(COLLECTION)
                .then()
                .statusCode(504)
                .contentType(ContentType.JSON)
                .body("code", equalTo(504))
                .body("details", containsString("Cluster wm did not answer within 1000 ms"))
                .body("details", containsString("may have been created"));
    }

    @Test
    void shouldPassUpstreamStatusAndBodyThroughUnchanged() {
        // Given a control plane that refuses the caller with its own Error body
        String vendorBody = "{\"code\":403,\"message\":\"You do not have sufficient permissions.\",\"extra\":[1,2.50]}";
        wireMock.stubFor(post(urlEqualTo(COLLECTION))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json").withBody(vendorBody)));

        // Then status and body bytes arrive as the control plane sent them
        String body = given().contentType(ContentType.JSON)
                .body(createBody(WireMockCluster.CLUSTER_WM, "7", "llama"))
                .post(COLLECTION)
                .then()
                .statusCode(403)
                .header("Content-Type", "application/json")
                .extract()
                .asString();
        assertThat(body).isEqualTo(vendorBody);
    }

    @Test
    void shouldPassBackOnlyTheHeadersThatDescribeTheAnswerOrWhenToComeBack() {
        // Given a control plane (or its ingress) that sets headers for its own origin beside the ones a caller needs
        String id = UUID.randomUUID().toString();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("Content-Language", "en")
                .withHeader("Cache-Control", "no-store")
                .withHeader("RateLimit-Policy", "\"api\";q=100;w=60")
                .withHeader("RateLimit", "\"api\";r=99;t=60")
                .withHeader("Sunset", "Wed, 31 Dec 2031 23:59:59 GMT")
                .withHeader("Set-Cookie", "runai-session=secret; Path=/; HttpOnly")
                .withHeader("Access-Control-Allow-Origin", "*")
                .withHeader("Access-Control-Allow-Credentials", "true")
                .withHeader("Strict-Transport-Security", "max-age=31536000")
                .withHeader("Location", "https://runai.internal.example/elsewhere")
                .withHeader("ETag", "\"v1\"")
                .withHeader("Server", "runai-backend/2.24")
                .withHeader("X-Upstream", "internal")
                .withBody("{\"workloadId\":\"" + id + "\",\"clusterId\":\"" + WireMockCluster.CLUSTER_WM + "\"}")));

        // Then the caller gets what describes the body and its limits, and nothing the control plane set for itself
        given().get(COLLECTION + "/" + id)
                .then()
                .statusCode(200)
                .header("Content-Type", "application/json")
                .header("Content-Language", "en")
                .header("Cache-Control", "no-store")
                .header("RateLimit-Policy", "\"api\";q=100;w=60")
                .header("RateLimit", "\"api\";r=99;t=60")
                .header("Sunset", "Wed, 31 Dec 2031 23:59:59 GMT")
                .header("Set-Cookie", nullValue())
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Credentials", nullValue())
                .header("Strict-Transport-Security", nullValue())
                .header("Location", nullValue())
                .header("ETag", nullValue())
                .header("Server", nullValue())
                .header("X-Upstream", nullValue());
    }

    @Test
    void shouldPassBackRetryAfterWithAControlPlanesBusyAnswer() {
        // Given a control plane that asks to come back later than the gateway may wait (max-retry-after 10 s)
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withHeader("Retry-After", "120")
                .withBody("{\"code\":503,\"message\":\"Please try again in few minutes.\"}")));

        // Then its answer and when to come back reach the caller
        given().contentType(ContentType.JSON)
                .body(createBody(WireMockCluster.CLUSTER_WM, "7", "llama"))
                .post(COLLECTION)
                .then()
                .statusCode(503)
                .header("Retry-After", "120");
    }

    @Test
    void shouldAnswerAControlPlanes401WithInfergatesOwnChallenge() {
        // Given a passthrough cluster that refuses the caller's token with a challenge naming its own realm and provider
        String id = UUID.randomUUID().toString();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withHeader("WWW-Authenticate", "Bearer realm=\"runai\", authorization_uri=\"https://idp.internal.example\"")
                .withBody("{\"code\":401,\"message\":\"Issuer is not familiar.\"}")));

        // Then the caller is challenged by InferGate, which it authenticates to, and learns nothing of the control plane's
        given().get(COLLECTION + "/" + id)
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"infergate\", error=\"invalid_token\"");
    }

    @Test
    void shouldNeverFollowARedirectFromTheControlPlane() {
        // Given a control plane that tries to send the gateway (and the caller's token) somewhere else
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).willReturn(aResponse().withStatus(307)
                .withHeader("Location", wireMock.baseUrl() + "/elsewhere")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":307,\"message\":\"Moved\"}")));

        // Then the answer comes back as it was, and nothing went to the other address
        given().redirects()
                .follow(false)
                .contentType(ContentType.JSON)
                .body(createBody(WireMockCluster.CLUSTER_WM, "7", "llama"))
                .post(COLLECTION)
                .then()
                .statusCode(307);
        wireMock.verify(0, postRequestedFor(urlEqualTo("/elsewhere")));
        wireMock.verify(0, getRequestedFor(urlEqualTo("/elsewhere")));
    }

    @Test
    void shouldPassARefusalThroughWhenLocatingForACallerTheClusterRejects() {
        // Given a control plane that rejects the caller's token outright
        String id = UUID.randomUUID().toString();
        String refusal = "{\"code\":401,\"message\":\"Issuer is not familiar.\"}";
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(refusal)));

        // Then the caller learns that, not a misleading 404 or 503
        String body = given().get(COLLECTION + "/" + id).then().statusCode(401).extract().asString();
        assertThat(body).isEqualTo(refusal);
    }

    @Test
    void shouldForwardCreateBodyByteForByte() {
        // Given a body whose number spellings matter: a trailing zero, and more digits than a double holds
        String body = "{\"name\":\"llama\",\"projectId\":\"7\",\"clusterId\":\"" + WireMockCluster.CLUSTER_WM
                + "\",\"spec\":{\"leader\":{\"image\":\"nvcr.io/nim/llama:1\",\"compute\":{\"cpuCoreRequest\":0.10,"
                + "\"cpuCoreLimit\":1.000000000000000000001}}}}";
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"workloadId\":\"" + UUID.randomUUID() + "\"}")));

        given().contentType(ContentType.JSON).body(body).post(COLLECTION).then().statusCode(202);

        wireMock.verify(postRequestedFor(urlEqualTo(COLLECTION))
                .withRequestBody(WireMock.equalTo(body))
                .withHeader("Content-Type", WireMock.containing("application/json")));
    }

    @Test
    void shouldForwardCredentialsAndTraceContextButNoHopByHopHeaders() {
        // Given a caller sending credentials, trace context, a cookie and hop-by-hop headers
        String id = UUID.randomUUID().toString();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("Keep-Alive", "timeout=5")
                .withHeader("Proxy-Authenticate", "Basic")
                .withBody("{\"workloadId\":\"" + id + "\",\"clusterId\":\"" + WireMockCluster.CLUSTER_WM + "\"}")));
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        RestAssured.given()
                .header("Authorization", TestTokens.adminHeader())
                .header("traceparent", traceparent)
                .header("tracestate", "vendor=1")
                .header("Cookie", "session=secret")
                .header("Proxy-Authorization", "Basic c2VjcmV0")
                .header("TE", "trailers")
                .header("X-Request-Id", "req-42")
                .get(COLLECTION + "/" + id)
                .then()
                .statusCode(200)
                .header("X-Request-Id", "req-42")
                .header("Keep-Alive", nullValue())
                .header("Proxy-Authenticate", nullValue());

        // Then the control plane saw exactly the allowed headers
        wireMock.verify(getRequestedFor(urlEqualTo(COLLECTION + "/" + id))
                .withHeader("Authorization", WireMock.equalTo(TestTokens.adminHeader()))
                .withHeader("traceparent", WireMock.equalTo(traceparent))
                .withHeader("tracestate", WireMock.equalTo("vendor=1"))
                .withHeader("X-Request-Id", WireMock.equalTo("req-42"))
                .withHeader("Cookie", absent())
                .withHeader("Proxy-Authorization", absent())
                .withHeader("TE", absent()));
    }

    private String createdThroughGateway() {
        String id = UUID.randomUUID().toString();
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"workloadId\":\"" + id + "\",\"clusterId\":\"" + WireMockCluster.CLUSTER_WM + "\"}")));
        given().contentType(ContentType.JSON).body(createBody(WireMockCluster.CLUSTER_WM, "7", "llama")).post(COLLECTION).then()
                .statusCode(202);
        wireMock.resetAll();
        return id;
    }

}
