package io.infergate.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.infergate.testing.InjectWireMock;
import io.infergate.testing.WireMockCluster;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Strict UTF-8 as a caller meets it, on raw bytes: a body that is not strict UTF-8 without a byte order mark is
 * refused with a 400 naming the byte offset, on every operation that reads a body, before anything reaches a control
 * plane; so a key a lenient decoder reads as a locked field can no longer slip past the lock, and what is forwarded is
 * byte for byte what was checked.
 */
@QuarkusTest
@WithTestResource(StrictUtf8ThroughGatewayTest.LockedPriorityOnWireMock.class)
class StrictUtf8ThroughGatewayTest {

    private static final String PREVIEW = "/infergate/v1/distributed-inferences/preview";

    @InjectWireMock
    WireMockServer wireMock;

    @BeforeEach
    void answerCreates() {
        wireMock.resetAll();
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"workloadId\":\"" + UUID.randomUUID() + "\"}")));
    }

    @Test
    void shouldRefuseAnOverlongKeyThatALenientDecoderReadsAsTheLockedField() {
        // Given the locked priorityClass restated, spelt with an overlong 'a': Jackson reads "priorityClass", a strict
        // or replacing decoder upstream an unknown field, leaving the workload without the locked class
        String before = "{\"name\":\"sneaky\",\"projectId\":\"4\",\"clusterId\":\"" + WireMockCluster.CLUSTER_WM
                + "\",\"spec\":{\"priorityCl";
        byte[] body = StrictUtf8Test.body(before, HexFormat.of().parseHex("C1A1"),
                "ss\":\"very-high\",\"leader\":{\"image\":\"vllm/vllm-openai:v0.8.5\"}}}");

        // When it is created, Then it is refused at the byte offset of the overlong form, and nothing is sent
        given().contentType(ContentType.JSON)
                .body(body)
                .post(COLLECTION)
                .then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("code", equalTo(400))
                .body("message", equalTo("Malformed JSON"))
                .body("details", containsString("byte offset " + before.length() + " (C1)"));
        assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
            "overlong, create, C1A1", "overlong, patch, C0AF", "overlong, preview, E080AF",
            "surrogate, create, EDA080", "above U+10FFFF, patch, F4908080", "truncated, preview, E282",
            "stray continuation, create, 80", "byte order mark, create, EFBBBF", "byte order mark, patch, EFBBBF",
            "byte order mark, preview, EFBBBF" })
    void shouldRefuseEveryBodyThatIsNotStrictUtf8OnEveryOperation(String what, String operation, String hex) {
        // Given a valid create body with the bytes in front of it (a BOM) or inside its first key
        byte[] bytes = HexFormat.of().parseHex(hex);
        byte[] body = "byte order mark".equals(what) ? StrictUtf8Test.body("", bytes, validBody())
                : StrictUtf8Test.body("{\"na", bytes, "me\":1}");
        int offset = "byte order mark".equals(what) ? 0 : 4;

        // When it is sent, Then the 400 names the offset, and no control plane is asked anything
        send(operation, body)
                .then()
                .statusCode(400)
                .body("code", equalTo(400))
                .body("details", containsString("byte offset " + offset));
        assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({ "UTF-16BE, ''", "UTF-16LE, FFFE", "UTF-32LE, ''", "UTF-32BE, 0000FEFF" })
    void shouldRefuseUtf16AndUtf32Bodies(String charset, String bom) {
        byte[] body = StrictUtf8Test.body("", HexFormat.of().parseHex(bom), "");
        body = StrictUtf8Test.concat(body, validBody().getBytes(Charset.forName(charset)));

        given().contentType(ContentType.JSON)
                .body(body)
                .post(COLLECTION)
                .then()
                .statusCode(400)
                .body("details", containsString("must be UTF-8"));
        assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void shouldForwardExactlyTheBytesItValidated() {
        // Given a valid body the policy leaves alone, with characters of every UTF-8 length and a BOM character and
        // U+2028 inside strings
        byte[] body = validBody().replace("\"spec\":{", "\"spec\":{\"category\":\"é € 日本 𝄞 \uFEFF \u2028\",")
                .getBytes(StandardCharsets.UTF_8);

        // When it is created
        given().contentType(ContentType.JSON)
                .body(body)
                .post(COLLECTION)
                .then()
                .statusCode(202);

        // Then the control plane received those bytes, unchanged
        List<LoggedRequest> creates = wireMock.findAll(postRequestedFor(urlEqualTo(COLLECTION)));
        assertThat(creates).singleElement().satisfies(create -> assertThat(create.getBody()).isEqualTo(body));
    }

    private static io.restassured.response.Response send(String operation, byte[] body) {
        var request = given().contentType(ContentType.JSON).body(body);
        return switch (operation) {
            case "create" -> request.post(COLLECTION);
            case "patch" -> request.patch(COLLECTION + "/" + UUID.randomUUID());
            default -> request.post(PREVIEW);
        };
    }

    private static String validBody() {
        return "{\"name\":\"plain\",\"projectId\":\"4\",\"clusterId\":\"" + WireMockCluster.CLUSTER_WM
                + "\",\"spec\":{\"priorityClass\":\"very-high\",\"leader\":{\"image\":\"vllm/vllm-openai:v0.8.5\"}}}";
    }

    /**
     * {@link WireMockCluster}, with the policy of {@code contract/locked-priority.yaml}.
     */
    public static class LockedPriorityOnWireMock extends WireMockCluster {

        @Override
        protected Map<String, String> config(String baseUrl) {
            Map<String, String> config = new HashMap<>(super.config(baseUrl));
            try (InputStream policy = getClass().getClassLoader().getResourceAsStream("contract/locked-priority.yaml")) {
                Path file = Files.createTempFile("infergate-locked-priority-", ".yaml");
                file.toFile().deleteOnExit();
                Files.write(file, policy.readAllBytes());
                config.put("infergate.policy.file", file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return config;
        }
    }
}
