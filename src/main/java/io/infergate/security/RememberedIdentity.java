package io.infergate.security;

import java.security.Permission;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.quarkus.security.credential.Credential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * A remembered identity on one request: the principal, roles, credentials, permissions and attributes are the remembered
 * identity's, shared and never copied; the two attributes Quarkus ties to one request (its routing context and, through
 * {@link VerifiedTokens}' provider role, its authentication context) are this request's. Copying the remembered
 * identity into a new one for each request, as {@code QuarkusSecurityIdentity.builder} does, was a set, a map and a list
 * per hit.
 *
 * @param remembered what Quarkus OIDC verified, without the per-request attributes
 * @param routing this request's routing context, {@code null} if unknown
 * @param context this request's authentication context, {@code null} outside an identity provider
 */
record RememberedIdentity(SecurityIdentity remembered, RoutingContext routing, AuthenticationRequestContext context)
        implements
            SecurityIdentity {

    static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    static final String REQUEST_CONTEXT = AuthenticationRequestContext.class.getName();

    @Override
    public Principal getPrincipal() {
        return remembered.getPrincipal();
    }

    @Override
    public boolean isAnonymous() {
        return remembered.isAnonymous();
    }

    @Override
    public Set<String> getRoles() {
        return remembered.getRoles();
    }

    @Override
    public boolean hasRole(String role) {
        return remembered.hasRole(role);
    }

    @Override
    public Set<Permission> getPermissions() {
        return remembered.getPermissions();
    }

    @Override
    public <T extends Credential> T getCredential(Class<T> type) {
        return remembered.getCredential(type);
    }

    @Override
    public Set<Credential> getCredentials() {
        return remembered.getCredentials();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAttribute(String name) {
        if (ROUTING_CONTEXT.equals(name)) {
            return (T) routing;
        }
        if (REQUEST_CONTEXT.equals(name)) {
            return (T) context;
        }
        return remembered.getAttribute(name);
    }

    /** A copy, made only when asked for (nothing on the request path asks). */
    @Override
    public Map<String, Object> getAttributes() {
        Map<String, Object> attributes = new HashMap<>(remembered.getAttributes());
        if (routing != null) {
            attributes.put(ROUTING_CONTEXT, routing);
        }
        if (context != null) {
            attributes.put(REQUEST_CONTEXT, context);
        }
        return Map.copyOf(attributes);
    }

    @Override
    public Uni<Boolean> checkPermission(Permission permission) {
        return remembered.checkPermission(permission);
    }
}
