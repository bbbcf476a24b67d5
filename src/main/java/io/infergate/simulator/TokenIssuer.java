package io.infergate.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issues JWT-shaped access tokens (HS256), checks them, and reads the subject of a bearer token. Clients such as the
 * Run:ai SDK decode the payload to schedule a refresh before {@code exp}, so the tokens must be real JWTs, not opaque
 * strings.
 * <p>
 * Each issuer signs with its own random key, so a token of one simulated cluster is foreign to every other one, even in
 * the same process. {@link #revoke()} rotates the key like a control plane rotating its keys; the retired keys are kept
 * only to tell a revoked token of this issuer from a foreign one.
 */
final class TokenIssuer {

    static final String ISSUER = "runai-simulator";

    private static final String HMAC = "HmacSHA256";
    private static final String BEARER = "Bearer ";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();
    private static final String HEADER = BASE64URL
            .encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    private static final SecureRandom RANDOM = new SecureRandom();

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
    private final List<SecretKeySpec> retiredKeys = new CopyOnWriteArrayList<>();
    private volatile SecretKeySpec signingKey = newSigningKey();

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
        return new IssuedToken(signingInput + "." + BASE64URL.encodeToString(sign(signingKey, signingInput)),
                ttl.toSeconds());
    }

    /** Invalidates every token issued so far; tokens issued afterwards are valid. */
    synchronized void revoke() {
        // retire the old key before the new one takes over, so a concurrent check never takes a revoked token for foreign
        retiredKeys.add(signingKey);
        signingKey = newSigningKey();
    }

    /**
     * Checks a bearer token against this issuer's keys and the clock. A token is expired from its {@code exp} second on.
     *
     * @param authorization the {@code Authorization} header value, may be {@code null}
     */
    TokenCheck check(String authorization) {
        Optional<String> token = bearer(authorization);
        if (token.isEmpty()) {
            return TokenCheck.MISSING;
        }
        String[] parts = token.get().split("\\.", -1);
        if (parts.length != 3 || jsonObject(parts[0]).isEmpty()) {
            return TokenCheck.MALFORMED;
        }
        Optional<JsonNode> claims = jsonObject(parts[1]);
        Optional<byte[]> signature = decoded(parts[2]);
        if (claims.isEmpty() || signature.isEmpty()) {
            return TokenCheck.MALFORMED;
        }
        String signingInput = parts[0] + "." + parts[1];
        if (signedBy(signingKey, signingInput, signature.get())) {
            JsonNode expiry = claims.get().get("exp");
            if (expiry == null || !expiry.canConvertToLong()) {
                return TokenCheck.MALFORMED;
            }
            return clock.instant().getEpochSecond() < expiry.longValue() ? TokenCheck.VALID : TokenCheck.EXPIRED;
        }
        for (SecretKeySpec retired : retiredKeys) {
            if (signedBy(retired, signingInput, signature.get())) {
                return TokenCheck.REVOKED;
            }
        }
        return TokenCheck.FOREIGN;
    }

    /**
     * The {@code sub} claim of a bearer token, read without checking the signature: the simulator only needs a plausible
     * {@code createdBy}, and tokens of a real identity provider must work too.
     *
     * @param authorization the {@code Authorization} header value, may be {@code null}
     */
    static Optional<String> subjectOf(String authorization) {
        Optional<String> token = bearer(authorization);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = token.get().split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        return jsonObject(parts[1])
                .map(claims -> claims.get("sub"))
                .filter(subject -> subject.isTextual() && !subject.asText().isBlank())
                .map(JsonNode::asText);
    }

    private static Optional<String> bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(BEARER.length()).trim());
    }

    /** A base64url-encoded JSON object; anything else (not base64url, not JSON, not an object) is empty. */
    private static Optional<JsonNode> jsonObject(String part) {
        try {
            JsonNode node = SimJson.MAPPER.readTree(BASE64URL_DECODER.decode(part));
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    /** The bytes of a non-empty base64url part; an unsigned JWT ({@code alg: none}) has an empty one and is malformed here. */
    private static Optional<byte[]> decoded(String part) {
        try {
            byte[] bytes = BASE64URL_DECODER.decode(part);
            return bytes.length == 0 ? Optional.empty() : Optional.of(bytes);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean signedBy(SecretKeySpec key, String signingInput, byte[] signature) {
        // constant-time comparison, so the simulator does not teach timing attacks by example
        return MessageDigest.isEqual(sign(key, signingInput), signature);
    }

    private static byte[] bytes(ObjectNode claims) {
        try {
            return SimJson.MAPPER.writeValueAsBytes(claims);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise token claims", e);
        }
    }

    private static byte[] sign(SecretKeySpec key, String signingInput) {
        try {
            // Mac is not thread-safe; a fresh instance per token is cheap next to an HTTP round trip
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static SecretKeySpec newSigningKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new SecretKeySpec(key, HMAC);
    }
}
