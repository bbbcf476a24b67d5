package io.infergate.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issues JWT-shaped access tokens (HS256) and reads the subject of a bearer token. Clients such as the Run:ai SDK decode
 * the payload to schedule a refresh before {@code exp}, so the tokens must be real JWTs, not opaque strings.
 */
final class TokenIssuer {

    static final String ISSUER = "runai-simulator";

    private static final String HMAC = "HmacSHA256";
    private static final String BEARER = "Bearer ";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = BASE64URL
            .encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    /** Per process: tokens of an earlier run are worthless, like tokens of a control plane whose keys rotated. */
    private static final SecretKeySpec SIGNING_KEY = newSigningKey();

    /** A token and its lifetime in seconds, the two fields of the v1 {@code TokenResponse} the simulator fills. */
    record IssuedToken(String accessToken, long expiresIn) {

        IssuedToken {
            Objects.requireNonNull(accessToken, "accessToken");
            if (expiresIn <= 0) {
                throw new IllegalArgumentException("expiresIn must be positive");
            }
        }
    }

    private final Duration ttl;
    private final Clock clock;

    TokenIssuer(Duration ttl, Clock clock) {
        if (ttl.toSeconds() <= 0) {
            throw new IllegalArgumentException("token TTL must be at least one second, got " + ttl);
        }
        this.ttl = ttl;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    IssuedToken issue(String subject) {
        long issuedAt = clock.instant().getEpochSecond();
        ObjectNode claims = SimJson.object()
                .put("sub", subject)
                .put("iss", ISSUER)
                .put("iat", issuedAt)
                .put("exp", issuedAt + ttl.toSeconds());
        String signingInput = HEADER + "." + BASE64URL.encodeToString(bytes(claims));
        return new IssuedToken(signingInput + "." + BASE64URL.encodeToString(sign(signingInput)), ttl.toSeconds());
    }

    /**
     * The {@code sub} claim of a bearer token, read without checking the signature: the simulator only needs a plausible
     * {@code createdBy}, and tokens of a real identity provider must work too.
     *
     * @param authorization the {@code Authorization} header value, may be {@code null}
     */
    static Optional<String> subjectOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String[] parts = authorization.substring(BEARER.length()).trim().split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode subject = SimJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1])).get("sub");
            if (subject != null && subject.isTextual() && !subject.asText().isBlank()) {
                return Optional.of(subject.asText());
            }
        } catch (IllegalArgumentException | IOException e) {
            // not base64url or not JSON: an undecodable token simply has no subject
        }
        return Optional.empty();
    }

    private static byte[] bytes(ObjectNode claims) {
        try {
            return SimJson.MAPPER.writeValueAsBytes(claims);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise token claims", e);
        }
    }

    private static byte[] sign(String signingInput) {
        try {
            // Mac is not thread-safe; a fresh instance per token is cheap next to an HTTP round trip
            Mac mac = Mac.getInstance(HMAC);
            mac.init(SIGNING_KEY);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static SecretKeySpec newSigningKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, HMAC);
    }
}
