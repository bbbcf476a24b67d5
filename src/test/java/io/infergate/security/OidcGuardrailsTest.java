package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;

/**
 * The shipped configuration keeps the two OIDC defaults that would otherwise let wrong tokens in or turn every bad token
 * into a provider call, and the production profile trusts no key of its own: if any of this regresses, this fails.
 */
class OidcGuardrailsTest {

    private static final Map<String, String> SAFE = Map.of(
            "quarkus.oidc.auth-server-url", "https://idp.example/realms/acme",
            "quarkus.oidc.token.audience", "infergate",
            "quarkus.oidc.token.allow-jwt-introspection", "false",
            "quarkus.oidc.token.allow-opaque-token-introspection", "false");

    @Test
    void shouldShipAnAudienceCheckAndNoIntrospectionInProduction() throws IOException {
        SmallRyeConfig prod = shipped("prod");

        assertThat(prod.getOptionalValue("quarkus.oidc.token.audience", String.class)).contains("infergate");
        assertThat(prod.getOptionalValue("quarkus.oidc.token.allow-jwt-introspection", Boolean.class)).contains(false);
        assertThat(prod.getOptionalValue("quarkus.oidc.token.allow-opaque-token-introspection", Boolean.class))
                .contains(false);
        assertThat(OidcGuardrails.problems(name -> prod.getOptionalValue(name, String.class)))
                .as("production only lacks what each deployment must give: its provider")
                .containsExactly("set quarkus.oidc.auth-server-url (an OIDC provider) or quarkus.oidc.public-key");
    }

    @Test
    void shouldTrustNoDevOrTestKeyInProduction() throws IOException {
        SmallRyeConfig prod = shipped("prod");
        SmallRyeConfig dev = shipped("dev");

        assertThat(prod.getOptionalValue("quarkus.oidc.public-key", String.class)).isEmpty();
        assertThat(prod.getOptionalValue("quarkus.oidc.auth-server-url", String.class)).isEmpty();
        assertThat(prod.getOptionalValue("quarkus.oidc.token.issuer", String.class)).isEmpty();
        assertThat(prod.getOptionalValue("infergate.access.admin-groups", String.class)).isEmpty();
        assertThat(dev.getOptionalValue("quarkus.oidc.public-key", String.class)).isPresent();
    }

    @Test
    void shouldAcceptASafeConfiguration() {
        assertThat(OidcGuardrails.problems(lookup(SAFE))).isEmpty();
    }

    @Test
    void shouldRefuseAMissingAudience() {
        assertThat(OidcGuardrails.problems(lookup(without("quarkus.oidc.token.audience"))))
                .anyMatch(problem -> problem.startsWith("quarkus.oidc.token.audience"));
        assertThat(OidcGuardrails.problems(lookup(with("quarkus.oidc.token.audience", "any"))))
                .anyMatch(problem -> problem.startsWith("quarkus.oidc.token.audience"));
    }

    @Test
    void shouldRefuseIntrospectionUnlessSwitchedOff() {
        assertThat(OidcGuardrails.problems(lookup(without("quarkus.oidc.token.allow-jwt-introspection"))))
                .containsExactly("quarkus.oidc.token.allow-jwt-introspection must be false");
        assertThat(OidcGuardrails.problems(lookup(with("quarkus.oidc.token.allow-opaque-token-introspection", "true"))))
                .containsExactly("quarkus.oidc.token.allow-opaque-token-introspection must be false");
    }

    @Test
    void shouldRefuseAPublicKeyWithoutAnIssuer() {
        Map<String, String> config = without("quarkus.oidc.auth-server-url");
        config.put("quarkus.oidc.public-key", "MIIBIjANBg");

        assertThat(OidcGuardrails.problems(lookup(config)))
                .containsExactly("quarkus.oidc.token.issuer must name the issuer whose key quarkus.oidc.public-key is");
        config.put("quarkus.oidc.token.issuer", "https://issuer.example");
        assertThat(OidcGuardrails.problems(lookup(config))).isEmpty();
    }

    private static SmallRyeConfig shipped(String profile) throws IOException {
        URL yaml = OidcGuardrailsTest.class.getClassLoader().getResource("application.yaml");
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new YamlConfigSource(yaml))
                .build();
    }

    private static Map<String, String> without(String name) {
        Map<String, String> config = new HashMap<>(SAFE);
        config.remove(name);
        return config;
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> config = new HashMap<>(SAFE);
        config.put(name, value);
        return config;
    }

    private static java.util.function.Function<String, Optional<String>> lookup(Map<String, String> config) {
        return name -> Optional.ofNullable(config.get(name));
    }
}
