package io.infergate.security;

import static io.restassured.RestAssured.given;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The {@code infergate} realm of {@code keycloak/infergate-realm.json}, served by a running {@link Keycloak}: real
 * tokens by client credentials, and signing-key rotation through the admin REST API.
 */
final class InfergateRealm {

    static final String NAME = "infergate";

    /** Service account in group {@code ml-team}; its tokens carry {@code aud: infergate}. */
    static final Client ML_PIPELINE = new Client("ml-pipeline", "ml-pipeline-test-secret");
    /** Service account in group {@code platform-admins}; its tokens carry {@code aud: infergate}. */
    static final Client PLATFORM_OPS = new Client("platform-ops", "platform-ops-test-secret");
    /** Service account in group {@code ml-team} too, but its tokens are minted for audience {@code reporting}. */
    static final Client OTHER_APP = new Client("other-app", "other-app-test-secret");

    private static final String KEY_PROVIDER = "org.keycloak.keys.KeyProvider";

    private final Keycloak keycloak;

    InfergateRealm(Keycloak keycloak) {
        this.keycloak = keycloak;
    }

    /**
     * A confidential client with a service account; the secrets are test-only values from the realm file.
     */
    record Client(String id, String secret) {
    }

    /**
     * @return the realm export that Keycloak imports at startup
     */
    static Path file() {
        URL resource = InfergateRealm.class.getResource("/keycloak/infergate-realm.json");
        try {
            return Path.of(resource.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return the issuer and the gateway's {@code quarkus.oidc.auth-server-url}
     */
    String issuer() {
        return keycloak.url() + "/realms/" + NAME;
    }

    /**
     * @return a fresh access token for the client's service account (client credentials grant)
     */
    String token(Client client) {
        return keycloak().formParam("grant_type", "client_credentials")
                .formParam("client_id", client.id())
                .formParam("client_secret", client.secret())
                .post("/realms/" + NAME + "/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    /**
     * Rotates the realm's RS256 signing key as an operator would: a new generated key with a higher priority signs from
     * now on, and the keys it replaces turn passive (still published, so tokens they signed stay verifiable).
     */
    void rotateSigningKey() {
        String admin = adminToken();
        String realmId = admin(admin).get("/admin/realms/" + NAME).then().statusCode(200).extract().path("id");
        String location = admin(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "rsa-rotated-" + System.nanoTime(),
                        "providerId", "rsa-generated",
                        "providerType", KEY_PROVIDER,
                        "parentId", realmId,
                        "config", Map.of("priority", List.of("1000"), "algorithm", List.of("RS256"))))
                .post("/admin/realms/" + NAME + "/components")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        String rotated = location.substring(location.lastIndexOf('/') + 1);
        List<Map<String, Object>> providers = admin(admin).queryParam("type", KEY_PROVIDER)
                .get("/admin/realms/" + NAME + "/components")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
        providers.stream()
                .filter(provider -> "rsa-generated".equals(provider.get("providerId")))
                .filter(provider -> !rotated.equals(provider.get("id")))
                .forEach(provider -> makePassive(admin, provider));
    }

    /**
     * @return the JOSE header of a compact JWT, e.g. {@code kid}
     */
    static JsonPath header(String jwt) {
        return part(jwt, 0);
    }

    /**
     * @return the claims of a compact JWT, e.g. {@code aud}, {@code groups}
     */
    static JsonPath claims(String jwt) {
        return part(jwt, 1);
    }

    private static JsonPath part(String jwt, int index) {
        byte[] json = Base64.getUrlDecoder().decode(jwt.split("\\.")[index]);
        return JsonPath.from(new String(json, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private void makePassive(String admin, Map<String, Object> provider) {
        Map<String, Object> passive = new HashMap<>(provider);
        Map<String, Object> config = new HashMap<>((Map<String, Object>) provider.get("config"));
        config.put("active", List.of("false"));
        passive.put("config", config);
        admin(admin).contentType(ContentType.JSON)
                .body(passive)
                .put("/admin/realms/" + NAME + "/components/" + provider.get("id"))
                .then()
                .statusCode(204);
    }

    private String adminToken() {
        return keycloak().formParam("grant_type", "password")
                .formParam("client_id", "admin-cli")
                .formParam("username", Keycloak.ADMIN)
                .formParam("password", Keycloak.ADMIN_PASSWORD)
                .post("/realms/master/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    private RequestSpecification admin(String adminToken) {
        return keycloak().auth().oauth2(adminToken);
    }

    private RequestSpecification keycloak() {
        return given().baseUri("http://127.0.0.1").port(keycloak.port());
    }
}
