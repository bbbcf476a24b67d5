package io.infergate.security;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Reads the caller a grant decision needs from the authenticated identity: its subject and the groups in the claim
 * {@code infergate.access.groups-claim} names.
 * <p>
 * A signed token may carry any JSON value in any claim, so both are read from the claims as the token has them, never
 * through {@link JsonWebToken#getName()} or {@code getClaim("groups")}: smallrye-jwt casts the first to a string (a
 * numeric {@code upn} throws) and reads {@code groups} only as an array of strings (one string is dropped, with a
 * warning).
 */
@Singleton
public class Callers {

    /** Where MicroProfile JWT looks for the caller's name, in this order, unless a principal claim is configured. */
    private static final List<String> NAME_CLAIMS = List.of("upn", "preferred_username", "sub");

    private final List<String> claimPath;
    private final List<String> nameClaims;

    Callers(AccessConfig config,
            @ConfigProperty(name = "quarkus.oidc.token.principal-claim") Optional<String> principalClaim) {
        this.claimPath = List.of(config.groupsClaim().split("/"));
        this.nameClaims = principalClaim.filter(claim -> !claim.isBlank()).map(List::of).orElse(NAME_CLAIMS);
    }

    /**
     * @param identity an authenticated identity
     * @return the caller; one without a groups claim has no groups, and so only what no grant is needed for
     */
    public Caller of(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            String name = identity.getPrincipal().getName();
            return new Caller(name == null ? "" : name, Set.of());
        }
        Set<String> groups = new HashSet<>();
        collect(claim(token), groups);
        return new Caller(subject(token), groups);
    }

    /**
     * @return the first of the name claims that is a string; a claim of another type names nobody
     */
    private String subject(JsonWebToken token) {
        for (String name : nameClaims) {
            String subject = text(raw(token, name));
            if (subject != null) {
                return subject;
            }
        }
        return "";
    }

    private Object claim(JsonWebToken token) {
        Object value = raw(token, claimPath.get(0));
        for (String step : claimPath.subList(1, claimPath.size())) {
            if (value instanceof JsonObject object) {
                value = object.get(step);
            } else if (value instanceof Map<?, ?> object) {
                value = object.get(step);
            } else {
                return null;
            }
        }
        return value;
    }

    /**
     * @return the claim as the token has it: jose4j's value for a claim MicroProfile JWT names ({@code groups},
     *         {@code sub}...), a {@code jakarta.json} value for any other
     */
    private static Object raw(JsonWebToken token, String name) {
        return token instanceof OidcJwtCallerPrincipal oidc ? oidc.getClaims().getClaimValue(name) : token.getClaim(name);
    }

    /**
     * One string is one group; an array's strings are groups (blank ones name none). Anything else (numbers, objects, arrays
     * within the array)
     * names no group.
     */
    private static void collect(Object value, Set<String> groups) {
        String group = text(value);
        if (group != null) {
            groups.add(group);
        } else if (value instanceof Collection<?> items) {
            // a jakarta.json array is a List of its values too
            for (Object item : items) {
                String member = text(item);
                if (member != null) {
                    groups.add(member);
                }
            }
        }
    }

    /**
     * @return the value if it is a string that is not blank, else {@code null}
     */
    private static String text(Object value) {
        String text = value instanceof JsonString json ? json.getString() : value instanceof String plain ? plain : null;
        return text == null || text.isBlank() ? null : text;
    }
}
