package io.infergate.security;

import static io.infergate.security.InfergateRealm.ML_PIPELINE;
import static io.infergate.security.InfergateRealm.OTHER_APP;
import static io.infergate.security.InfergateRealm.PLATFORM_OPS;
import static io.infergate.security.InfergateRealm.claims;
import static io.infergate.security.InfergateRealm.header;
import static io.infergate.security.RealKeycloak.GRANTED_PROJECT;
import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The packaged gateway in front of a real Keycloak: tokens obtained by client credentials from the {@code infergate}
 * realm are verified through discovery and JWKS, the caller's {@code groups} claim is matched against the grants, and a
 * rotated signing key is picked up without a restart.
 */
@QuarkusIntegrationTest
@WithTestResource(value = RealKeycloak.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class KeycloakEndToEndIT {

    private static final String UNGRANTED_PROJECT = "4";
    /** Workload names are unique per project. */
    private static final AtomicInteger NAMES = new AtomicInteger();

    InfergateRealm realm;

    @Test
    void shouldServeGrantedCallerWithRealToken() {
        // Given a service-account token for the gateway's audience, carrying the caller's group
        String token = realm.token(ML_PIPELINE);
        assertThat(claims(token).getString("iss")).isEqualTo(realm.issuer());
        assertThat(claims(token).getString("aud")).isEqualTo("infergate");
        assertThat(claims(token).getList("groups", String.class)).containsExactly("ml-team");

        // When it creates in its granted project, Then the gateway accepts and serves the workload
        String id = create(token, GRANTED_PROJECT).then()
                .statusCode(202)
                .extract()
                .path("workloadId");
        Response read = get(token, id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.jsonPath().getString("workloadId")).isEqualTo(id);
    }

    @Test
    void shouldReturn403WhenCreatingInUngrantedProject() {
        Response response = create(realm.token(ML_PIPELINE), UNGRANTED_PROJECT);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.contentType()).startsWith(ContentType.JSON.toString());
        assertThat(response.jsonPath().getInt("code")).isEqualTo(403);
        assertThat(response.jsonPath().getString("message")).isNotBlank();
    }

    @Test
    void shouldReturn404ForWorkloadOfUngrantedProject() {
        // Given a workload an admin created in a project ml-team has no grant for
        String admin = realm.token(PLATFORM_OPS);
        assertThat(claims(admin).getList("groups", String.class)).containsExactly("platform-admins");
        String id = create(admin, UNGRANTED_PROJECT).then()
                .statusCode(202)
                .extract()
                .path("workloadId");

        // Then ml-team is told it does not exist, while the admin still sees it
        Response hidden = get(realm.token(ML_PIPELINE), id);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.jsonPath().getInt("code")).isEqualTo(404);
        assertThat(get(admin, id).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldReturn401WhenTokenWasMintedForAnotherAudience() {
        // Given a valid token from the same realm and group, but for audience "reporting"
        String token = realm.token(OTHER_APP);
        assertThat(claims(token).getString("aud")).isEqualTo("reporting");
        assertThat(claims(token).getList("groups", String.class)).containsExactly("ml-team");

        Response response = create(token, GRANTED_PROJECT);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.jsonPath().getInt("code")).isEqualTo(401);
    }

    @Test
    void shouldReturn401WithoutToken() {
        Response response = given().contentType(ContentType.JSON)
                .body(createBody(CLUSTER_A, GRANTED_PROJECT, "anonymous"))
                .post(COLLECTION);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void shouldAcceptTokensSignedWithRotatedKeyWithoutRestart() {
        // Given the gateway has verified a token signed with the current key
        String before = realm.token(ML_PIPELINE);
        create(before, GRANTED_PROJECT).then().statusCode(202);

        // When the realm's signing key is rotated
        realm.rotateSigningKey();
        String after = realm.token(ML_PIPELINE);

        // Then new tokens name the new key, and the gateway fetches it and accepts them
        assertThat(header(after).getString("kid")).isNotEqualTo(header(before).getString("kid"));
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(create(after, GRANTED_PROJECT).statusCode()).isEqualTo(202));
        // and tokens signed before the rotation stay valid until they expire: the old key is passive, still published
        assertThat(create(before, GRANTED_PROJECT).statusCode()).isEqualTo(202);
    }

    private static Response create(String token, String projectId) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(createBody(CLUSTER_A, projectId, "e2e-" + NAMES.incrementAndGet()))
                .post(COLLECTION);
    }

    private static Response get(String token, String id) {
        return given().auth().oauth2(token).get(COLLECTION + "/" + id);
    }
}
