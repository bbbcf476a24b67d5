package io.infergate.security;

import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

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
 * A token signed by the trusted key can carry any value in any claim or header parameter; each one is either refused
 * with a 401 or served (the admin group counts: 202; groups InferGate cannot read: the 403 of a caller without a
 * grant), never a 500. Each token is sent twice, so the second request goes through the verified-token cache.
 */
@QuarkusTest
@WithTestResource(RunningSimulator.class)
class ClaimValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    private static final int SERVED = 202;
    private static final int NO_GRANT = 403;
    static final int REFUSED = 401;
    /** What a served get of a random workload gets. */
    static final int FOUND_NOTHING = 404;

    static Stream<Arguments> claims() {
        long now = Instant.now().getEpochSecond();
        String admins = "\"" + TestTokens.ADMINS + "\"";
        String manyGroups = IntStream.range(0, 500).mapToObj(i -> "\"g" + i + "\"").collect(Collectors.joining(","));
        String manyAudiences = IntStream.range(0, 500).mapToObj(i -> "\"a" + i + "\"").collect(Collectors.joining(","));
        return Stream.of(
                // exp
                Arguments.of("exp in the year 2400", "exp", "13569465600", SERVED),
                Arguments.of("exp Long.MAX_VALUE", "exp", Long.toString(Long.MAX_VALUE), SERVED),
                Arguments.of("exp beyond a long", "exp", "92233720368547758070", REFUSED),
                Arguments.of("exp 1e30", "exp", "1e30", SERVED),
                Arguments.of("exp 1e400", "exp", "1e400", REFUSED),
                Arguments.of("exp fractional", "exp", (now + 3600) + ".75", SERVED),
                Arguments.of("exp zero", "exp", "0", REFUSED),
                Arguments.of("exp negative", "exp", "-13569465600", REFUSED),
                Arguments.of("exp Long.MIN_VALUE", "exp", Long.toString(Long.MIN_VALUE), REFUSED),
                Arguments.of("exp -1e30", "exp", "-1e30", REFUSED),
                Arguments.of("exp a string", "exp", "\"" + (now + 3600) + "\"", REFUSED),
                Arguments.of("exp true", "exp", "true", REFUSED),
                Arguments.of("exp an object", "exp", "{\"t\":" + (now + 3600) + "}", REFUSED),
                Arguments.of("exp an array", "exp", "[" + (now + 3600) + "]", REFUSED),
                Arguments.of("exp null", "exp", "null", REFUSED),
                Arguments.of("exp missing", "exp", null, REFUSED),
                // iat
                Arguments.of("iat in the year 2400", "iat", "13569465600", REFUSED),
                Arguments.of("iat Long.MAX_VALUE", "iat", Long.toString(Long.MAX_VALUE), REFUSED),
                Arguments.of("iat 1e30", "iat", "1e30", REFUSED),
                Arguments.of("iat negative", "iat", "-13569465600", SERVED),
                Arguments.of("iat Long.MIN_VALUE", "iat", Long.toString(Long.MIN_VALUE), SERVED),
                Arguments.of("iat fractional", "iat", now + ".5", SERVED),
                Arguments.of("iat a string", "iat", "\"" + now + "\"", REFUSED),
                Arguments.of("iat an object", "iat", "{}", REFUSED),
                Arguments.of("iat missing", "iat", null, REFUSED),
                // nbf
                Arguments.of("nbf in the year 2400", "nbf", "13569465600", REFUSED),
                Arguments.of("nbf Long.MAX_VALUE", "nbf", Long.toString(Long.MAX_VALUE), REFUSED),
                Arguments.of("nbf 1e30", "nbf", "1e30", REFUSED),
                Arguments.of("nbf negative", "nbf", "-13569465600", SERVED),
                Arguments.of("nbf Long.MIN_VALUE", "nbf", Long.toString(Long.MIN_VALUE), SERVED),
                Arguments.of("nbf fractional", "nbf", (now - 60) + ".5", SERVED),
                Arguments.of("nbf a string", "nbf", "\"" + now + "\"", REFUSED),
                Arguments.of("nbf an array", "nbf", "[]", REFUSED),
                // groups
                Arguments.of("groups one string", "groups", admins, SERVED),
                Arguments.of("groups strings and other values", "groups", "[1," + admins + ",{},null,[]]", SERVED),
                Arguments.of("groups numbers", "groups", "[1,2,3]", NO_GRANT),
                Arguments.of("groups a number", "groups", "42", NO_GRANT),
                Arguments.of("groups true", "groups", "true", NO_GRANT),
                Arguments.of("groups null", "groups", "null", NO_GRANT),
                Arguments.of("groups an object", "groups", "{\"admins\":" + admins + "}", NO_GRANT),
                Arguments.of("groups a nested array", "groups", "[[" + admins + "]]", NO_GRANT),
                Arguments.of("groups deeply nested arrays", "groups", "[".repeat(200) + "]".repeat(200), NO_GRANT),
                Arguments.of("groups a huge array", "groups", "[" + manyGroups + "," + admins + "]", SERVED),
                Arguments.of("groups empty", "groups", "[]", NO_GRANT),
                Arguments.of("groups missing", "groups", null, NO_GRANT),
                // who the caller is
                Arguments.of("sub missing", "sub", null, SERVED),
                Arguments.of("sub a number", "sub", "42", REFUSED),
                Arguments.of("sub an object", "sub", "{\"id\":1}", REFUSED),
                Arguments.of("sub null", "sub", "null", SERVED),
                Arguments.of("sub empty", "sub", "\"\"", SERVED),
                Arguments.of("upn a number", "upn", "42", SERVED),
                Arguments.of("preferred_username an array", "preferred_username", "[\"a\"]", SERVED),
                // audience
                Arguments.of("aud a number", "aud", "42", REFUSED),
                Arguments.of("aud an object", "aud", "{\"aud\":\"infergate\"}", REFUSED),
                Arguments.of("aud numbers", "aud", "[1,2]", REFUSED),
                Arguments.of("aud ours and a number", "aud", "[\"infergate\",1]", REFUSED),
                Arguments.of("aud among others", "aud", "[\"other\",\"infergate\"]", SERVED),
                Arguments.of("aud ours in a huge array", "aud", "[" + manyAudiences + ",\"infergate\"]", SERVED),
                Arguments.of("aud empty", "aud", "\"\"", REFUSED),
                Arguments.of("aud null", "aud", "null", REFUSED),
                // issuer and the claims Quarkus OIDC reads for roles, permissions and token type
                Arguments.of("iss a number", "iss", "42", REFUSED),
                Arguments.of("iss an array", "iss", "[\"" + TestTokens.ISSUER + "\"]", REFUSED),
                Arguments.of("typ a number", "typ", "42", SERVED),
                Arguments.of("typ an object", "typ", "{}", SERVED),
                Arguments.of("typ Refresh", "typ", "\"Refresh\"", SERVED),
                Arguments.of("scope a number", "scope", "42", SERVED),
                Arguments.of("scope an array of objects", "scope", "[{},1]", SERVED),
                Arguments.of("realm_access a string", "realm_access", "\"admin\"", SERVED),
                Arguments.of("jti an object", "jti", "{}", REFUSED),
                Arguments.of("auth_time a string", "auth_time", "\"yesterday\"", SERVED),
                Arguments.of("cnf a string", "cnf", "\"x\"", SERVED));
    }

    /**
     * JOSE header parameters of odd types. With a configured public key Quarkus looks at no key id or certificate
     * thumbprint, so those tokens are served; with a provider's key set they pick the key ({@link ProviderClaimValuesTest}).
     */
    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("kid a number", "{\"alg\":\"RS256\",\"kid\":42}", FOUND_NOTHING),
                Arguments.of("kid an object", "{\"alg\":\"RS256\",\"kid\":{}}", FOUND_NOTHING),
                Arguments.of("typ a number", "{\"alg\":\"RS256\",\"typ\":42}", FOUND_NOTHING),
                Arguments.of("alg a number", "{\"alg\":256}", REFUSED),
                Arguments.of("alg missing", "{\"typ\":\"JWT\"}", REFUSED),
                Arguments.of("x5t an array", "{\"alg\":\"RS256\",\"x5t\":[1]}", FOUND_NOTHING),
                Arguments.of("x5t#S256 a number", "{\"alg\":\"RS256\",\"x5t#S256\":1}", FOUND_NOTHING),
                Arguments.of("crit a string", "{\"alg\":\"RS256\",\"crit\":\"exp\"}", REFUSED),
                Arguments.of("crit naming an unknown parameter", "{\"alg\":\"RS256\",\"crit\":[\"x\"],\"x\":1}",
                        REFUSED),
                Arguments.of("jwk embedded", "{\"alg\":\"RS256\",\"jwk\":{\"kty\":\"RSA\",\"n\":1}}", FOUND_NOTHING),
                Arguments.of("the header not an object", "[\"RS256\"]", REFUSED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("claims")
    void shouldRefuseOrServeEveryClaimValueAndNeverFail(String what, String claim, String value, int expected)
            throws Exception {
        // Given a token signed by the trusted key whose claim has this value
        String authorization = "Bearer " + TestTokens.signRaw(DEFAULT_HEADER, claimsWith(TestTokens.ISSUER, claim, value));

        for (int request = 1; request <= 2; request++) {
            // When it is sent, once verified and once remembered
            HttpResponse<String> response = GatewayHttp.send("POST", COLLECTION, authorization,
                    Simulators.createBody(CLUSTER_A, "7", "claims-" + UUID.randomUUID().toString().substring(0, 8)));

            // Then the gateway refuses it or serves it, in the vendor Error shape when it refuses
            assertThat(response.statusCode()).as(what + ", request " + request + ": " + response.body())
                    .isEqualTo(expected);
            if (expected != SERVED) {
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.get("code").asInt()).isEqualTo(expected);
                assertThat(body.get("message").asText()).isNotBlank();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void shouldRefuseOrServeEveryHeaderParameterAndNeverFail(String what, String header, int expected) throws Exception {
        // Given a token of valid claims signed by the trusted key under an odd JOSE header
        String authorization = "Bearer " + TestTokens.signRaw(header, claimsWith(TestTokens.ISSUER, "sub", "\"h\""));

        // When it is sent
        HttpResponse<String> response = GatewayHttp.send("GET", COLLECTION + "/" + UUID.randomUUID(), authorization,
                null);

        // Then it is refused, or served (no cluster holds a random workload), in the vendor Error shape
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(expected);
        assertThat(JSON.readTree(response.body()).get("code").asInt()).isEqualTo(expected);
    }

    /**
     * @return the claims of a valid admin token, with {@code claim} set to the JSON text {@code value} (or removed when it
     *         is {@code null})
     */
    static String claimsWith(String issuer, String claim, String value) {
        long now = Instant.now().getEpochSecond();
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("iss", "\"" + issuer + "\"");
        claims.put("aud", "\"" + TestTokens.AUDIENCE + "\"");
        claims.put("sub", "\"claims-test\"");
        claims.put("iat", Long.toString(now));
        claims.put("exp", Long.toString(now + 3600));
        claims.put("groups", "[\"" + TestTokens.ADMINS + "\"]");
        if (value == null) {
            claims.remove(claim);
        } else {
            claims.put(claim, value);
        }
        return claims.entrySet()
                .stream()
                .map(entry -> "\"" + entry.getKey() + "\":" + entry.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
