package io.infergate.security;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.infergate.observability.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Bearer tokens Quarkus OIDC has verified, remembered until they expire (at most {@code infergate.token-cache.max-age}),
 * so a caller's next request with the same token skips the signature check and claim validation.
 * <p>
 * Two roles in one bean: as an {@link IdentityProvider} tried before Quarkus OIDC's, it answers a remembered token with
 * its identity and anything else with nothing, which hands the token to OIDC; as the first
 * {@link SecurityIdentityAugmentor}, it remembers each identity OIDC has just verified. A token OIDC refused never
 * reaches the augmentor, so it is never remembered. With OIDC's default header and scheme, {@link RememberedBearer}
 * answers a remembered token before OIDC's mechanism is asked at all; the provider role serves every other setup. The
 * two attributes OIDC ties to one request (its routing context and its authentication context) are left out of what is
 * remembered, and a hit answers the remembered identity with the current request's ({@link RememberedIdentity}).
 * Where OIDC checks a proof on each request besides the token (DPoP, certificate-bound tokens), nothing is remembered.
 */
@Startup
@Singleton
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest>, SecurityIdentityAugmentor {

    private static final Set<String> PER_REQUEST = Set.of(RememberedIdentity.ROUTING_CONTEXT,
            RememberedIdentity.REQUEST_CONTEXT);

    /** A verified identity and when its token expires, in epoch seconds. */
    private record Verified(SecurityIdentity identity, long expiresAt) {
    }

    private final Cache<String, Verified> verified;
    private final boolean remembering;
    private final Counter hits;
    private final Counter misses;

    VerifiedTokens(TokenCacheConfig config, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.oidc.token.authorization-scheme", defaultValue = "Bearer") String scheme,
            @ConfigProperty(name = "quarkus.oidc.token.binding.certificate", defaultValue = "false") boolean bound) {
        this.remembering = config.size() > 0 && !provenPerRequest(scheme, bound);
        long maxAgeNanos = TimeUnit.NANOSECONDS.convert(config.maxAge());
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.size())
                .expireAfter(new Expiry<String, Verified>() {
                    @Override
                    public long expireAfterCreate(String token, Verified entry, long now) {
                        return lifetimeNanos(entry.expiresAt(), nowSeconds(), maxAgeNanos);
                    }

                    @Override
                    public long expireAfterUpdate(String token, Verified entry, long now, long current) {
                        return current;
                    }

                    @Override
                    public long expireAfterRead(String token, Verified entry, long now, long current) {
                        return current;
                    }
                })
                .build();
        this.hits = registry.counter(Meters.AUTH_TOKEN_CACHE, Meters.RESULT, "hit");
        this.misses = registry.counter(Meters.AUTH_TOKEN_CACHE, Meters.RESULT, "miss");
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Both roles sort by this, highest first: the provider is tried before Quarkus OIDC's (priority 0), and the augmentor
     * runs before every other but {@link PublishedKeyCheck} (which may refuse, and adds only the token's key id), so what
     * is remembered is what OIDC verified, before anything else adds to it.
     */
    @Override
    public int priority() {
        return Integer.MAX_VALUE - 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        SecurityIdentity remembered = lookUp(request.getToken().getToken());
        if (remembered == null) {
            misses.increment();
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(new RememberedIdentity(remembered,
                HttpSecurityUtils.getRoutingContextAttribute(request), context));
    }

    /**
     * The identity remembered for a token, for {@link RememberedBearer}, which asks before Quarkus OIDC's mechanism
     * does. Only a hit is counted: a token not remembered goes on to OIDC, and to this bean's
     * {@link #authenticate provider}, which counts the miss.
     *
     * @param token the bearer token as sent
     * @param routing the current request
     * @return the remembered identity on this request, {@code null} if the token is not remembered or has expired
     */
    SecurityIdentity remembered(String token, RoutingContext routing) {
        SecurityIdentity remembered = lookUp(token);
        return remembered == null ? null : new RememberedIdentity(remembered, routing, null);
    }

    /**
     * Whether OIDC checks more than the token on each request, so that a token verified once proves nothing about the
     * next request that carries it: a DPoP proof is signed for one request, and a token bound to a client certificate
     * holds only on a connection that presents that certificate. Then nothing is remembered.
     *
     * @param scheme {@code quarkus.oidc.token.authorization-scheme}
     * @param bound {@code quarkus.oidc.token.binding.certificate}
     */
    static boolean provenPerRequest(String scheme, boolean bound) {
        return bound || "DPoP".equalsIgnoreCase(scheme);
    }

    private SecurityIdentity lookUp(String token) {
        if (!remembering) {
            return null;
        }
        Verified remembered = verified.getIfPresent(token);
        if (remembered == null || remembered.expiresAt() <= nowSeconds()) {
            return null;
        }
        hits.increment();
        return remembered.identity();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        TokenCredential token = identity.getCredential(TokenCredential.class);
        if (remembering && token != null && identity.getPrincipal() instanceof JsonWebToken jwt
                && jwt.getExpirationTime() > 0
                && verified.getIfPresent(token.getToken()) == null) {
            verified.put(token.getToken(), new Verified(withoutRequest(identity), jwt.getExpirationTime()));
        }
        return Uni.createFrom().item(identity);
    }

    private static SecurityIdentity withoutRequest(SecurityIdentity identity) {
        QuarkusSecurityIdentity.Builder kept = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .setAnonymous(identity.isAnonymous());
        for (Map.Entry<String, Object> attribute : identity.getAttributes().entrySet()) {
            if (!PER_REQUEST.contains(attribute.getKey())) {
                kept.addAttribute(attribute.getKey(), attribute.getValue());
            }
        }
        return kept.build();
    }

    /**
     * How long an entry lives: until the token's {@code exp}, at most {@code maxAgeNanos}. A signed token may carry any
     * {@code exp} (the year 2400, {@code Long.MAX_VALUE}, {@code 1e30} read as {@code Long.MAX_VALUE}), so the arithmetic
     * saturates instead of overflowing.
     *
     * @param expiresAt the token's {@code exp}, epoch seconds
     * @param now epoch seconds
     * @param maxAgeNanos the longest an entry may live
     * @return nanoseconds, {@code 0} for a token already expired
     */
    static long lifetimeNanos(long expiresAt, long now, long maxAgeNanos) {
        if (expiresAt <= now) {
            return 0;
        }
        long seconds = expiresAt - now;
        if (seconds < 0) {
            // expiresAt > now, so a negative difference is an overflow: further away than any max-age
            seconds = Long.MAX_VALUE;
        }
        return Math.min(TimeUnit.SECONDS.toNanos(seconds), maxAgeNanos);
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
