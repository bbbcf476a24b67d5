package io.infergate.security;

import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.infergate.testing.GatewayHttp;
import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.infergate.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every token the gateway must not trust is a 401 in the vendor {@code Error} shape with a {@code WWW-Authenticate}
 * challenge, and the request goes no further: the control plane never sees it.
 */
@QuarkusTest
@WithTestResource(RunningSimulator.class)
class BearerTokenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void resetSimulators() {
        Simulators.reset("sim-a", "sim-b");
    }

    static Stream<Arguments> untrusted() {
        return Stream.of(
                Arguments.of("no Authorization header", (Supplier<String>) () -> null),
                Arguments.of("another scheme", (Supplier<String>) () -> "Basic dXNlcjpwYXNz"),
                Arguments.of("a bearer of garbage", (Supplier<String>) () -> "Bearer not-a-jwt"),
                Arguments.of("a bearer of three garbage parts", (Supplier<String>) () -> "Bearer a.b.c"),
                Arguments.of("an empty bearer", (Supplier<String>) () -> "Bearer "),
                Arguments.of("an expired token", bearer(() -> TestTokens.builder().groups(TestTokens.ADMINS)
                        .expiresAt(Instant.now().minusSeconds(600)).sign())),
                Arguments.of("a token not yet valid", bearer(() -> TestTokens.builder().groups(TestTokens.ADMINS)
                        .notBefore(Instant.now().plusSeconds(3600)).sign())),
                Arguments.of("another issuer", bearer(() -> TestTokens.builder().groups(TestTokens.ADMINS)
                        .issuer("https://evil.example").sign())),
                Arguments.of("another audience", bearer(() -> TestTokens.builder().groups(TestTokens.ADMINS)
                        .audience("some-other-api").sign())),
                Arguments.of("no audience", bearer(() -> TestTokens.builder().groups(TestTokens.ADMINS)
                        .audience(null).sign())),
                Arguments.of("alg none", bearer(BearerTokenTest::unsigned)),
                Arguments.of("HS256 keyed with the public key", bearer(BearerTokenTest::hmacWithThePublicKey)),
                Arguments.of("a key InferGate does not trust", bearer(() -> TestTokens.builder().groups(TestTokens.ADMINS)
                        .signedWith(freshKey()).sign())),
                Arguments.of("a payload changed after signing", bearer(BearerTokenTest::tampered)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("untrusted")
    void shouldAnswer401WithAChallengeAndNeverReachTheCluster(String what, Supplier<String> authorization)
            throws Exception {
        HttpResponse<String> response = GatewayHttp.send("POST", COLLECTION, authorization.get(),
                Simulators.createBody(CLUSTER_A, "7", "untrusted"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer realm=\"infergate\""));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(401);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("details").asText()).doesNotContain("eyJ");
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 0);
    }

    @Test
    void shouldAnswer401BeforeLookingAtTheBody() throws Exception {
        HttpResponse<String> response = GatewayHttp.send("POST", COLLECTION, null, "{not json");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void shouldAnswer401ForEveryOperationWithoutAToken() {
        String path = COLLECTION + "/" + UUID.randomUUID();
        assertThat(GatewayHttp.send("GET", path, null, null).statusCode()).isEqualTo(401);
        assertThat(GatewayHttp.send("DELETE", path, null, null).statusCode()).isEqualTo(401);
        assertThat(GatewayHttp.send("PATCH", path, null, "{\"spec\":{\"replicas\":2}}").statusCode()).isEqualTo(401);
        assertThat(GatewayHttp.send("GET", "/infergate/v1/clusters", null, null).statusCode()).isEqualTo(401);
        Map<String, Integer> stats = Simulators.stats("sim-a");
        assertThat(stats).containsEntry("get", 0).containsEntry("patch", 0).containsEntry("delete", 0);
    }

    @Test
    void shouldAcceptAValidTokenAndForwardIt() {
        HttpResponse<String> response = GatewayHttp.send("POST", COLLECTION, TestTokens.adminHeader(),
                Simulators.createBody(CLUSTER_A, "7", "trusted"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"createdBy\":\"test-admin\"");
    }

    @Test
    void shouldAnswer403ToAValidTokenWithoutAGrant() throws Exception {
        String nobody = "Bearer " + TestTokens.builder().subject("nobody").groups("no-such-team").sign();

        HttpResponse<String> response = GatewayHttp.send("POST", COLLECTION, nobody,
                Simulators.createBody(CLUSTER_A, "7", "ungranted"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).get("code").asInt()).isEqualTo(403);
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 0);
    }

    private static Supplier<String> bearer(Supplier<String> token) {
        return () -> "Bearer " + token.get();
    }

    private static String unsigned() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(
                TestTokens.builder().groups(TestTokens.ADMINS).claimsJson().getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    /**
     * The classic key confusion: an HMAC keyed with the verifier's public key, which an attacker knows.
     */
    private static String hmacWithThePublicKey() {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(TestTokens.builder().groups(TestTokens.ADMINS).claimsJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(Base64.getDecoder().decode(TestTokens.publicKey())));
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tampered() {
        String[] parts = TestTokens.builder().groups("viewers").sign().split("\\.");
        String admin = Base64.getUrlEncoder().withoutPadding().encodeToString(
                TestTokens.builder().groups(TestTokens.ADMINS).claimsJson().getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + admin + "." + parts[2];
    }

    private static PrivateKey freshKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
