package io.infergate.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.Startup;

/**
 * Refuses to start with an OIDC configuration that would let the wrong tokens in or hand the identity provider to an
 * attacker:
 * <ul>
 * <li>Quarkus checks the audience of an access token only when {@code quarkus.oidc.token.audience} is set, so it must
 * be, and not to {@code any};</li>
 * <li>by default Quarkus sends every token it cannot verify locally (an unknown {@code kid}, an opaque string) to the
 * provider's introspection endpoint, one provider call per attacker request, so both kinds of introspection must be
 * off;</li>
 * <li>a key given as {@code quarkus.oidc.public-key} carries no issuer, so {@code quarkus.oidc.token.issuer} must name
 * it;</li>
 * <li>there must be a provider ({@code quarkus.oidc.auth-server-url}) or a key to verify tokens with.</li>
 * </ul>
 */
@Startup
@Singleton
public class OidcGuardrails {

    OidcGuardrails(Config config) {
        List<String> problems = problems(name -> config.getOptionalValue(name, String.class));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Unsafe OIDC configuration: " + String.join("; ", problems));
        }
    }

    /**
     * @param setting looks up a configuration value by name
     * @return what is wrong, empty when nothing is
     */
    static List<String> problems(Function<String, Optional<String>> setting) {
        List<String> problems = new ArrayList<>();
        Optional<String> audience = setting.apply("quarkus.oidc.token.audience").filter(value -> !value.isBlank());
        if (audience.isEmpty() || isAny(audience.get())) {
            problems.add("quarkus.oidc.token.audience must name the audience InferGate's tokens are issued for");
        }
        for (String introspection : List.of("quarkus.oidc.token.allow-jwt-introspection",
                "quarkus.oidc.token.allow-opaque-token-introspection")) {
            if (!setting.apply(introspection).map("false"::equalsIgnoreCase).orElse(false)) {
                problems.add(introspection + " must be false");
            }
        }
        boolean provider = setting.apply("quarkus.oidc.auth-server-url").filter(value -> !value.isBlank()).isPresent();
        boolean publicKey = setting.apply("quarkus.oidc.public-key").filter(value -> !value.isBlank()).isPresent();
        if (!provider && !publicKey) {
            problems.add("set quarkus.oidc.auth-server-url (an OIDC provider) or quarkus.oidc.public-key");
        }
        Optional<String> issuer = setting.apply("quarkus.oidc.token.issuer").filter(value -> !value.isBlank());
        if (issuer.filter(OidcGuardrails::isAny).isPresent() || publicKey && issuer.isEmpty()) {
            problems.add("quarkus.oidc.token.issuer must name the issuer" + (publicKey
                    ? " whose key quarkus.oidc.public-key is"
                    : ""));
        }
        return problems;
    }

    private static boolean isAny(String value) {
        return "any".equals(value.trim().toLowerCase(Locale.ROOT));
    }
}
