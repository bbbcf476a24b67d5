package io.infergate.routing;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A UUID in its canonical text form, 8-4-4-4-12 hex digits, read strictly: {@link UUID#fromString} alone accepts
 * {@code 1-2-3-4-5}, which would make two spellings of one id, or an id in a URL that is no UUID at all.
 */
final class CanonicalUuid {

    private static final Pattern TEXT = Pattern
            .compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private CanonicalUuid() {
    }

    /**
     * @param text any text, or {@code null}
     * @return the UUID it spells in canonical form (either case), else empty
     */
    static Optional<UUID> parse(String text) {
        return text != null && TEXT.matcher(text).matches() ? Optional.of(UUID.fromString(text)) : Optional.empty();
    }
}
