package io.infergate.security;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Reads the caller a grant decision needs from the authenticated identity: its subject and the groups in the claim
 * {@code infergate.access.groups-claim} names.
 */
@Singleton
public class Callers {

    private final List<String> claimPath;

    Callers(AccessConfig config) {
        this.claimPath = List.of(config.groupsClaim().split("/"));
    }

    /**
     * @param identity an authenticated identity
     * @return the caller; one without a groups claim has no groups, and so only what no grant is needed for
     */
    public Caller of(SecurityIdentity identity) {
        Set<String> groups = new HashSet<>();
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            collect(claim(token), groups);
        }
        return new Caller(identity.getPrincipal().getName() == null ? "" : identity.getPrincipal().getName(), groups);
    }

    private Object claim(JsonWebToken token) {
        Object value = token.getClaim(claimPath.get(0));
        for (String step : claimPath.subList(1, claimPath.size())) {
            if (!(value instanceof JsonObject object)) {
                return null;
            }
            value = object.get(step);
        }
        return value;
    }

    private static void collect(Object value, Set<String> groups) {
        if (value instanceof String text) {
            groups.add(text);
        } else if (value instanceof JsonString text) {
            groups.add(text.getString());
        } else if (value instanceof JsonArray array) {
            for (JsonValue item : array) {
                collect(item, groups);
            }
        } else if (value instanceof Collection<?> items) {
            for (Object item : items) {
                collect(item, groups);
            }
        }
    }
}
