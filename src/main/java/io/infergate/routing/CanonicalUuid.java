package io.infergate.routing;

import java.util.Optional;
import java.util.UUID;

/**
 * A UUID in its canonical text form, 8-4-4-4-12 hex digits, read strictly: {@link UUID#fromString} alone accepts
 * {@code 1-2-3-4-5}, which would make two spellings of one id, or an id in a URL that is no UUID at all.
 */
final class CanonicalUuid {

    /** Where the four dashes of 8-4-4-4-12 stand. */
    private static final int[] DASHES = { 8, 13, 18, 23 };
    private static final int LENGTH = 36;

    private CanonicalUuid() {
    }

    /**
     * @param text any text, or {@code null}
     * @return the UUID it spells in canonical form (either case), else empty
     */
    static Optional<UUID> parse(String text) {
        return canonical(text) ? Optional.of(UUID.fromString(text)) : Optional.empty();
    }

    /**
     * A plain scan rather than a regular expression: it runs on every request that names a workload, and on every
     * answer the router reads.
     */
    private static boolean canonical(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        int dash = 0;
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            if (dash < DASHES.length && i == DASHES[dash]) {
                if (c != '-') {
                    return false;
                }
                dash++;
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
