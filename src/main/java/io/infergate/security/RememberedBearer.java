package io.infergate.security;

import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request whose bearer token Quarkus OIDC has already verified ({@link VerifiedTokens}) before OIDC's own
 * mechanism is asked, so that a remembered token costs a header read and a cache lookup. OIDC's mechanism would first
 * resolve the tenant and decode the token's payload again (its {@code AccessTokenCredential} does, to tell a JWT from an
 * opaque token) only for the cache to answer: together about 5 % of a GET's CPU.
 * <p>
 * It reads the {@code Authorization} header exactly as OIDC does (the scheme before the first space, compared ignoring
 * case, and everything after that space), so a token it finds is the string OIDC verified and remembered. Anything
 * else (no header, another scheme, a token not remembered or expired) gets nothing from it, and Quarkus asks OIDC's
 * mechanism next, which verifies, challenges and refuses as it always did; this mechanism never challenges. The key
 * check ({@link PublishedKeyCheck}) runs on every identity it answers, as it does after OIDC.
 * <p>
 * It stays out of the way where OIDC reads the token from another header ({@code quarkus.oidc.token.header}) or under
 * another scheme ({@code quarkus.oidc.token.authorization-scheme}); there a remembered identity is answered through
 * OIDC's mechanism and {@link VerifiedTokens}' provider role. Where OIDC checks a proof on each request (DPoP,
 * certificate-bound tokens) nothing is remembered at all ({@link VerifiedTokens#provenPerRequest}), so nothing is
 * answered here either.
 */
@Singleton
class RememberedBearer implements HttpAuthenticationMechanism {

    private static final String SCHEME = "Bearer";

    private final VerifiedTokens verified;
    private final PublishedKeyCheck keys;
    private final boolean active;

    RememberedBearer(VerifiedTokens verified, PublishedKeyCheck keys,
            @ConfigProperty(name = "quarkus.oidc.token.header") Optional<String> header,
            @ConfigProperty(name = "quarkus.oidc.token.authorization-scheme", defaultValue = SCHEME) String scheme) {
        this.verified = verified;
        this.keys = keys;
        this.active = header.map(HttpHeaders.AUTHORIZATION.toString()::equalsIgnoreCase).orElse(true)
                && SCHEME.equalsIgnoreCase(scheme);
    }

    /**
     * Before every other mechanism, Quarkus OIDC's (1001) among them.
     */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = active ? bearerToken(context.request().getHeader(HttpHeaders.AUTHORIZATION)) : null;
        SecurityIdentity remembered = token == null ? null : verified.remembered(token, context);
        return remembered == null ? Uni.createFrom().nullItem() : keys.check(remembered);
    }

    /**
     * @return what follows {@code Bearer } (any case) in the header, as Quarkus OIDC reads it; {@code null} for none
     */
    static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        int space = authorization.indexOf(' ');
        return space == SCHEME.length() && authorization.regionMatches(true, 0, SCHEME, 0, space)
                ? authorization.substring(space + 1)
                : null;
    }

    /** Never challenges: a request this mechanism does not answer is OIDC's, and so is its challenge. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    /**
     * No credential transport of its own (the interface's default): where a path or an annotation selects the bearer
     * mechanism, Quarkus picks OIDC's, and the remembered identity comes through its provider role instead.
     */
    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }
}
