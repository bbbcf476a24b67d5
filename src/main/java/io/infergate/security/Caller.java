package io.infergate.security;

import java.util.Objects;
import java.util.Set;

/**
 * An authenticated caller, as far as grants care.
 *
 * @param subject who the token says the caller is; for logs and error details only, never for decisions
 * @param groups the groups named by the token's groups claim
 */
public record Caller(String subject, Set<String> groups) {

    public Caller {
        Objects.requireNonNull(subject, "subject");
        groups = Set.copyOf(groups);
    }
}
