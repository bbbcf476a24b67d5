package io.infergate.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.infergate.testing.InjectWireMock;
import io.infergate.testing.RawConnection;
import io.infergate.testing.TestTokens;
import io.infergate.testing.WireMockCluster;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Requests the gateway answers itself, before any control plane is asked: each in the vendor {@code Error} shape and
 * none of them reaching the cluster; and what of a request's headers the control plane gets.
 */
@QuarkusTest
@WithTestResource(WireMockCluster.class)
class EdgeErrorsTest {

    private static final String WORKLOAD = COLLECTION + "/3fa85f64-5717-4562-b3fc-2c963f66afa6";

    @InjectWireMock
    WireMockServer wireMock;

    @BeforeEach
    void resetStubs() {
        wireMock.resetAll();
    }

    @Test
    void shouldAnswer404InErrorShapeForAnUnknownPath() {
        given().get("/api/v1/workloads/trainings")
                .then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("code", equalTo(404))
                .body("message", equalTo("Resource not found."));
        given().get("/nothing/here")
                .then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("code", equalTo(404));
        assertNoUpstreamCall();
    }

    @Test
    void shouldAnswer405InErrorShapeForAWrongMethod() {
        given().contentType(ContentType.JSON)
                .body("{}")
                .put(COLLECTION + "/3fa85f64-5717-4562-b3fc-2c963f66afa6")
                .then()
                .statusCode(405)
                .contentType(ContentType.JSON)
                .header("Allow", "DELETE, GET, HEAD, OPTIONS, PATCH")
                .body("code", equalTo(405));
        assertNoUpstreamCall();
    }

    /**
     * RFC 9110 section 15.5.6: a 405 names what the path does serve, in {@code Allow}; the details say the same. From
     * the JAX-RS layer (a path a resource serves) and from the router (a route bound to methods) alike.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "PUT | " + COLLECTION + " | OPTIONS, POST",
            "GET | " + COLLECTION + " | OPTIONS, POST",
            "TRACE | " + COLLECTION + " | OPTIONS, POST",
            "POST | " + WORKLOAD + " | DELETE, GET, HEAD, OPTIONS, PATCH",
            "TRACE | " + WORKLOAD + " | DELETE, GET, HEAD, OPTIONS, PATCH",
            "FOO | " + WORKLOAD + " | DELETE, GET, HEAD, OPTIONS, PATCH",
            "POST | /infergate/v1/clusters | GET, HEAD, OPTIONS",
            "DELETE | /infergate/v1/policies/effective | GET, HEAD, OPTIONS",
            "GET | /infergate/v1/distributed-inferences/preview | OPTIONS, POST",
            "PUT | " + GetOnlyRoute.PATH + " | GET" })
    void shouldAnswer405WithTheMethodsThePathServes(String method, String path, String allowed) throws Exception {
        String response = rawExchange(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + TestTokens.adminHeader() + "\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 405 ")
                .containsIgnoringCase("\r\nAllow: " + allowed + "\r\n")
                .containsIgnoringCase("content-type: application/json")
                .contains("\"code\":405")
                .contains("\"details\":\"Allowed here: " + allowed + ".\"");
        assertNoUpstreamCall();
    }

    @Test
    void shouldAnswerHeadOnTheCollectionWith405AndAllow() throws Exception {
        String response = rawExchange("HEAD " + COLLECTION + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 405 ").containsIgnoringCase("\r\nAllow: OPTIONS, POST\r\n");
    }

    /** An OPTIONS names the methods of its own path, not every method of the resource class. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            COLLECTION + " | OPTIONS, POST",
            WORKLOAD + " | DELETE, GET, HEAD, OPTIONS, PATCH",
            "/infergate/v1/clusters | GET, HEAD, OPTIONS",
            "/infergate/v1/policies/effective | GET, HEAD, OPTIONS",
            "/infergate/v1/distributed-inferences/preview | OPTIONS, POST" })
    void shouldAnswerOptionsWithTheMethodsOfThePath(String path, String allowed) {
        RestAssured.given()
                .options(path)
                .then()
                .statusCode(204)
                .header("Allow", allowed);
        assertNoUpstreamCall();
    }

    @Test
    void shouldAnswer415ForABodyThatIsNotJson() {
        given().contentType(ContentType.XML)
                .body("<name>llama</name>")
                .post(COLLECTION)
                .then()
                .statusCode(415)
                .contentType(ContentType.JSON)
                .body("code", equalTo(415))
                .body("details", containsString("application/json"));
        assertNoUpstreamCall();
    }

    @Test
    void shouldAnswer413ForAnOversizedBody() {
        String huge = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        given().contentType(ContentType.JSON)
                .body(huge)
                .post(COLLECTION)
                .then()
                .statusCode(413)
                .contentType(ContentType.JSON)
                .body("code", equalTo(413));
        assertNoUpstreamCall();
    }

    @Test
    void shouldAnswer413ForAnOversizedChunkedBody() throws Exception {
        // Given a 1.5 MiB body sent without Content-Length, so its size is known only while reading it
        byte[] huge = ("{\"name\":\"" + "x".repeat(1536 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + COLLECTION))
                .header("Content-Type", "application/json")
                .header("Authorization", TestTokens.adminHeader())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));
        assertThat(response.body()).contains("\"code\":413");
        assertNoUpstreamCall();
    }

    @Test
    void shouldAnswer400ForMalformedJson() {
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"llama\",")
                .post(COLLECTION)
                .then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("code", equalTo(400))
                .body("message", equalTo("Malformed JSON"))
                .body("details", containsString("line 1"));
        assertNoUpstreamCall();
    }

    @Test
    void shouldAnswer400ForABodyThatIsNotAnObjectOrRepeatsAKey() {
        given().contentType(ContentType.JSON).body("[1,2]").post(COLLECTION).then().statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"a\",\"name\":\"b\",\"clusterId\":\"" + WireMockCluster.CLUSTER_WM + "\"}")
                .post(COLLECTION)
                .then()
                .statusCode(400)
                .body("details", containsString("Duplicate field 'name'"));
        assertNoUpstreamCall();
    }

    @Test
    void shouldAnswer400ForAWorkloadIdThatIsNotAUuidWithoutAnyUpstreamCall() {
        for (String bad : new String[] { "42", "1-2-3-4-5", "..%2F..%2Fadmin", "3fa85f64-5717-4562-b3fc-2c963f66afa6x" }) {
            given().urlEncodingEnabled(false)
                    .get(COLLECTION + "/" + bad)
                    .then()
                    .statusCode(400)
                    .contentType(ContentType.JSON)
                    .body("message", equalTo("Invalid workloadId"));
        }
        given().delete(COLLECTION + "/not-a-uuid").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"spec\":{\"replicas\":2}}").patch(COLLECTION + "/not-a-uuid").then()
                .statusCode(400);
        assertNoUpstreamCall();
    }

    @Test
    void shouldAnswer400NamingKnownClustersForAnUnknownClusterId() {
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"llama\",\"projectId\":\"7\",\"clusterId\":\"9b2f0c4e-1111-4222-8333-944455556666\","
                        + "\"spec\":{\"leader\":{\"image\":\"nvcr.io/nim/llama:1\"}}}")
                .post(COLLECTION)
                .then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("message", equalTo("Unknown clusterId"))
                .body("details", containsString("wm (" + WireMockCluster.CLUSTER_WM + ")"));
        assertNoUpstreamCall();
    }

    @Test
    void shouldEchoASaneRequestIdAndReplaceAnInsaneOne() {
        given().header("X-Request-Id", "abc-123").get("/nothing").then().header("X-Request-Id", "abc-123");
        given().header("X-Request-Id", "bad id\twith spaces")
                .get("/nothing")
                .then()
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        String generated = given().get(COLLECTION + "/bad").then().extract().header("X-Request-Id");
        assertThat(generated).matches("[0-9a-f-]{36}");
    }

    @Test
    void shouldForwardOnlyTheVerifiedCredentialAndNoJoinedSingleValuedHeader() throws Exception {
        // Given a workload the control plane holds
        String id = UUID.randomUUID().toString();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"workloadId\":\"" + id + "\",\"clusterId\":\"" + WireMockCluster.CLUSTER_WM + "\"}")));
        String token = TestTokens.builder().subject("carol").groups(TestTokens.ADMINS).sign();

        // When a caller reads it with its token's scheme in lower case, two trace parents and a list header sent twice
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + COLLECTION
                + "/" + id))
                .header("Authorization", "bearer " + token)
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .header("traceparent", "00-11111111111111111111111111111111-2222222222222222-01")
                .header("tracestate", "a=1")
                .header("tracestate", "b=2")
                .GET()
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        // Then the control plane got the credential the gateway verified, no trace parent, and the list joined
        assertThat(response.statusCode()).isEqualTo(200);
        wireMock.verify(getRequestedFor(urlEqualTo(COLLECTION + "/" + id))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + token))
                .withHeader("traceparent", absent())
                .withHeader("tracestate", WireMock.equalTo("a=1,b=2")));
    }

    /** Sends raw bytes (a method no client library sends) and reads until the server closes the connection. */
    private static String rawExchange(String request) throws Exception {
        try (RawConnection connection = new RawConnection()) {
            connection.send(request);
            connection.closedWithin(Duration.ofSeconds(5));
            return connection.received();
        }
    }

    private void assertNoUpstreamCall() {
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }
}
