package io.infergate.sharedstate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Names of shared-state entries. What a caller controls (a subject, a project id, an idempotency key) is hashed into
 * the name, so a name is short and of a known alphabet whatever was sent, and Redis holds no user name in clear.
 */
public final class StateKeys {

    /** Every entry InferGate writes starts with this, so a Redis shared with other uses can tell them apart. */
    public static final String PREFIX = "infergate:";

    private StateKeys() {
    }

    /**
     * @param kind what the entry is, e.g. {@code limit}
     * @param parts what tells entries of that kind apart, each hashed
     * @return {@code infergate:<kind>:<hash>:<hash>...}
     */
    public static String of(String kind, String... parts) {
        StringBuilder key = new StringBuilder(PREFIX).append(kind);
        for (String part : parts) {
            key.append(':').append(hash(part));
        }
        return key.toString();
    }

    /**
     * @return the first 128 bits of the SHA-256 of the text, base64url without padding (22 characters)
     */
    public static String hash(String text) {
        byte[] digest = sha256(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }

    /**
     * @return the SHA-256 of the bytes
     */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
