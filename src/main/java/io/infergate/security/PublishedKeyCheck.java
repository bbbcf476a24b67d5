package io.infergate.security;

import java.io.IOException;
import java.util.Base64;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Refuses a bearer token whose signing key the provider no longer publishes ({@link ProviderKeys}), on every request:
 * one just verified by Quarkus OIDC (which still holds the withdrawn key) and one remembered by {@link VerifiedTokens}
 * alike. It runs before {@link VerifiedTokens} remembers an identity, and keeps the token's {@code kid} as an attribute
 * of it, so a remembered token is checked without decoding it again.
 * <p>
 * A token without a {@code kid} (the provider publishes one key, or names keys by certificate thumbprint) cannot be
 * matched to a key here and is left to Quarkus OIDC and {@code infergate.token-cache.max-age}.
 */
@Singleton
class PublishedKeyCheck implements SecurityIdentityAugmentor {

    /** The identity attribute holding the token's {@code kid}. */
    static final String KEY_ID = "io.infergate.security.kid";

    private final ProviderKeys keys;
    private final ObjectMapper json;

    PublishedKeyCheck(ProviderKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    /**
     * Above {@link VerifiedTokens}, so that a token signed with a withdrawn key is refused before it is remembered.
     */
    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return check(identity);
    }

    /**
     * The check itself, also run by {@link RememberedBearer} on the identities it answers without the augmentors.
     *
     * @return the identity with its token's {@code kid} as an attribute, or an {@link AuthenticationFailedException}
     */
    Uni<SecurityIdentity> check(SecurityIdentity identity) {
        TokenCredential token = identity.getCredential(TokenCredential.class);
        if (!keys.active() || identity.isAnonymous() || token == null) {
            return Uni.createFrom().item(identity);
        }
        String keyId = identity.getAttribute(KEY_ID);
        SecurityIdentity withKeyId = identity;
        if (keyId == null) {
            keyId = keyId(token.getToken());
            if (keyId == null) {
                return Uni.createFrom().item(identity);
            }
            withKeyId = QuarkusSecurityIdentity.builder(identity).addAttribute(KEY_ID, keyId).build();
        }
        SecurityIdentity checked = withKeyId;
        return keys.publishes(keyId)
                .onItemOrFailure()
                .transformToUni((published, failure) -> {
                    if (failure != null) {
                        // the provider could not be asked: a 503 (ProviderUnreachableException in the cause chain)
                        return Uni.createFrom().failure(new AuthenticationFailedException(failure));
                    }
                    return published
                            ? Uni.createFrom().item(checked)
                            : Uni.createFrom().failure(new AuthenticationFailedException(
                                    "signed with a key the provider no longer publishes"));
                });
    }

    /**
     * @return the {@code kid} of a compact JWS Quarkus OIDC has verified (so well formed), {@code null} if it has none
     */
    private String keyId(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            JsonNode kid = json.readTree(Base64.getUrlDecoder().decode(token.substring(0, dot))).get("kid");
            return kid != null && kid.isTextual() ? kid.asText() : null;
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }
}
