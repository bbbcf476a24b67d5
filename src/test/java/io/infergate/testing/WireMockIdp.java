package io.infergate.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * {@link RunningSimulator}'s clusters, authenticated against an OIDC provider played by WireMock: discovery, a JWK set
 * at {@link #JWKS} that a test can rotate, and an introspection endpoint that must never be called. The provider signs
 * with {@code security/test-signing-key.pem} as {@link #KEY_1}; {@code security/rotated-signing-key.pem} is
 * {@link #KEY_2}, published only when a test rotates. A token with an unknown {@code kid} refetches the keys at most
 * every two seconds.
 */
public class WireMockIdp extends RunningSimulator {

    /** The provider's realm path. */
    public static final String REALM = "/realms/test";
    /** Where the provider publishes its keys. */
    public static final String JWKS = REALM + "/protocol/openid-connect/certs";
    /** The introspection endpoint the gateway must never call. */
    public static final String INTROSPECT = REALM + "/protocol/openid-connect/token/introspect";
    /** The {@code kid} of the key published from the start. */
    public static final String KEY_1 = "key-1";
    /** The {@code kid} of the key a rotation adds. */
    public static final String KEY_2 = "key-2";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        // a fixed port, so that a test can stop the provider and start it again where the gateway expects it
        int port = FreePorts.next();
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").port(port));
        if (upAtBoot()) {
            server.start();
        }
        String issuer = baseUrl(server) + REALM;
        server.stubFor(get(urlPathEqualTo(REALM + "/.well-known/openid-configuration")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"issuer":"%1$s","jwks_uri":"%2$s%3$s","introspection_endpoint":"%2$s%4$s",
                         "token_endpoint":"%1$s/protocol/openid-connect/token",
                         "id_token_signing_alg_values_supported":["RS256"]}"""
                        .formatted(issuer, baseUrl(server), JWKS, INTROSPECT))));
        publish(server, KEY_1);
        server.stubFor(post(urlPathEqualTo(INTROSPECT)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"active\":true,\"sub\":\"introspected\",\"aud\":\"infergate\",\"groups\":[\""
                        + TestTokens.ADMINS + "\"]}")));
        Map<String, String> config = super.start();
        config.put("quarkus.oidc.auth-server-url", issuer);
        config.put("quarkus.oidc.public-key", "");
        config.put("quarkus.oidc.token.issuer", issuer);
        config.put("quarkus.oidc.token.forced-jwk-refresh-interval", "2S");
        config.put("infergate.oidc.key-refresh-interval", keyRefreshInterval());
        return config;
    }

    /**
     * @return whether the provider is up when the gateway starts; {@link WireMockIdpDownAtBoot} says no
     */
    protected boolean upAtBoot() {
        return true;
    }

    /**
     * @return {@code infergate.oidc.key-refresh-interval} for the gateway: an hour, so that after the fetch at startup
     *         only tokens make it fetch keys, and tests can count those fetches
     */
    protected String keyRefreshInterval() {
        return "1h";
    }

    /**
     * @return where the provider listens, started or not
     */
    public static String baseUrl(WireMockServer server) {
        return "http://127.0.0.1:" + server.getOptions().portNumber();
    }

    /**
     * Publishes exactly the keys named, {@link #KEY_1} and or {@link #KEY_2}, as the provider's JWK set.
     */
    public static void publish(WireMockServer server, String... keyIds) {
        List<RsaJsonWebKey> keys = new ArrayList<>();
        for (String keyId : keyIds) {
            RsaJsonWebKey key = new RsaJsonWebKey(publicKey(keyId));
            key.setKeyId(keyId);
            key.setAlgorithm("RS256");
            key.setUse("sig");
            keys.add(key);
        }
        server.stubFor(get(urlPathEqualTo(JWKS)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(new JsonWebKeySet(keys.toArray(RsaJsonWebKey[]::new)).toJson())));
    }

    /**
     * @return a token of the provider, signed with the named key
     */
    public static TestTokens.Builder token(WireMockServer server, String keyId) {
        return TestTokens.builder()
                .issuer(baseUrl(server) + REALM)
                .keyId(keyId)
                .signedWith(TestTokens.privateKey(resource(keyId)));
    }

    private static String resource(String keyId) {
        return KEY_2.equals(keyId) ? "security/rotated-signing-key.pem" : "security/test-signing-key.pem";
    }

    private static RSAPublicKey publicKey(String keyId) {
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) TestTokens.privateKey(resource(keyId));
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class,
                WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
