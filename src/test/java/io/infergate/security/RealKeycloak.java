package io.infergate.security;

import static io.infergate.testing.RunningSimulator.CLUSTER_A;

import java.util.HashMap;
import java.util.Map;

import io.infergate.testing.Management;
import io.infergate.testing.RunningSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Keycloak serving the {@code infergate} realm, and the gateway configured against it with nothing but the
 * provider's address (audience, key refresh and the rest are the shipped defaults): group {@code platform-admins} may do
 * everything, group {@code ml-team} anything in project {@value #GRANTED_PROJECT} on simulated cluster {@code a}. Fills
 * the test's {@link InfergateRealm} field.
 */
public class RealKeycloak implements QuarkusTestResourceLifecycleManager {

    static final String GRANTED_PROJECT = "3";

    private Keycloak keycloak;

    @Override
    public Map<String, String> start() {
        keycloak = Keycloak.start(InfergateRealm.file(), InfergateRealm.NAME);
        Map<String, String> config = new HashMap<>();
        RunningSimulator.simulated(config, "a", CLUSTER_A);
        config.put("quarkus.oidc.auth-server-url", new InfergateRealm(keycloak).issuer());
        config.put("quarkus.oidc.token.issuer", new InfergateRealm(keycloak).issuer());
        // an integration test started earlier in the same JVM leaves its key behind; this one trusts Keycloak's JWKS only
        config.put("quarkus.oidc.public-key", "");
        config.put("infergate.access.admin-groups", "platform-admins");
        config.put("infergate.access.grants.ml-team.groups", "ml-team");
        config.put("infergate.access.grants.ml-team.clusters", "a");
        config.put("infergate.access.grants.ml-team.projects", GRANTED_PROJECT);
        config.put("infergate.access.grants.ml-team.operations", "*");
        config.putAll(Management.onFreePort());
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(new InfergateRealm(keycloak), new TestInjector.MatchesType(InfergateRealm.class));
    }

    @Override
    public void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
    }
}
