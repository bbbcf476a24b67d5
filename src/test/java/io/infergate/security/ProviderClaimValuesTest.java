package io.infergate.security;

import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.infergate.testing.GatewayHttp;
import io.infergate.testing.InjectWireMock;
import io.infergate.testing.TestTokens;
import io.infergate.testing.WireMockIdp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * With a provider's key set, the key id and certificate thumbprints of a token's header choose the key: a value of any
 * type there is refused with a 401 or served, never a 500.
 */
@QuarkusTest
@WithTestResource(WireMockIdp.class)
class ProviderClaimValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectWireMock
    WireMockServer idp;

    static Stream<Arguments> headers() {
        String kid = "\"kid\":\"" + WireMockIdp.KEY_1 + "\"";
        return Stream.of(
                Arguments.of("the provider's kid", "{\"alg\":\"RS256\"," + kid + "}", ClaimValuesTest.FOUND_NOTHING),
                Arguments.of("no kid", "{\"alg\":\"RS256\"}", ClaimValuesTest.REFUSED),
                Arguments.of("kid a number", "{\"alg\":\"RS256\",\"kid\":42}", ClaimValuesTest.REFUSED),
                Arguments.of("kid an object", "{\"alg\":\"RS256\",\"kid\":{}}", ClaimValuesTest.REFUSED),
                Arguments.of("kid null", "{\"alg\":\"RS256\",\"kid\":null}", ClaimValuesTest.REFUSED),
                Arguments.of("kid empty", "{\"alg\":\"RS256\",\"kid\":\"\"}", ClaimValuesTest.REFUSED),
                Arguments.of("kid huge", "{\"alg\":\"RS256\",\"kid\":\"" + "k".repeat(4000) + "\"}",
                        ClaimValuesTest.REFUSED),
                Arguments.of("x5t a number", "{\"alg\":\"RS256\",\"x5t\":1}", ClaimValuesTest.REFUSED),
                Arguments.of("x5t#S256 an object", "{\"alg\":\"RS256\",\"x5t#S256\":{}}", ClaimValuesTest.REFUSED),
                Arguments.of("x5c a string", "{\"alg\":\"RS256\",\"x5c\":\"MII\"}", ClaimValuesTest.REFUSED),
                Arguments.of("jku elsewhere", "{\"alg\":\"RS256\"," + kid + ",\"jku\":\"http://127.0.0.1:1/keys\"}",
                        ClaimValuesTest.FOUND_NOTHING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void shouldRefuseOrServeEveryKeyChoiceAndNeverFail(String what, String header, int expected) throws Exception {
        // Given a token of valid claims signed by the provider's key under an odd JOSE header
        String claims = ClaimValuesTest.claimsWith(WireMockIdp.baseUrl(idp) + WireMockIdp.REALM, "sub", "\"h\"");
        String authorization = "Bearer " + TestTokens.signRaw(header, claims);

        // When it is sent
        HttpResponse<String> response = GatewayHttp.send("GET", COLLECTION + "/" + UUID.randomUUID(), authorization,
                null);

        // Then it is refused, or served (no cluster holds a random workload), in the vendor Error shape
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(expected);
        assertThat(JSON.readTree(response.body()).get("code").asInt()).isEqualTo(expected);
    }
}
