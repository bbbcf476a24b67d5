package io.infergate.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.quarkus.oidc.common.runtime.OidcEndpointAccessException;
import io.vertx.core.http.HttpClosedException;

/**
 * InferGate could not reach the OIDC provider, so it cannot tell whether a token is good: a 503 to the caller, not a 401.
 * {@link #causedBy} recognises it, and the failures Quarkus OIDC reports when its own discovery or key fetch fails, in
 * any exception's cause chain.
 */
public final class ProviderUnreachableException extends RuntimeException {

    /**
     * When to try again, as a 503 says in {@code Retry-After}: how often {@link ProviderKeys} tries an unreachable provider
     * again.
     */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    /** What Quarkus OIDC says (as an {@code OIDCException}) when its tenant cannot be initialised. */
    private static final String QUARKUS_NOT_AVAILABLE = "OIDC Server is not available";
    private static final int MAX_CAUSES = 20;

    ProviderUnreachableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /**
     * @return whether {@code failure} or one of its causes says the provider could not be reached (no connection, a
     *         timeout, an error status from its discovery or key endpoint), as opposed to a token that is not good
     */
    public static boolean causedBy(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.size() < MAX_CAUSES && seen.add(cause); cause = cause
                .getCause()) {
            if (cause instanceof ProviderUnreachableException || cause instanceof IOException
                    || cause instanceof TimeoutException || cause instanceof HttpClosedException
                    || cause instanceof OidcEndpointAccessException
                    || QUARKUS_NOT_AVAILABLE.equals(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return a short reason for operators (the innermost message), never a token: key fetches carry none
     */
    static String reason(Throwable failure) {
        Throwable innermost = failure;
        for (int i = 0; i < MAX_CAUSES && innermost.getCause() != null && innermost.getCause() != innermost; i++) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage() == null ? innermost.getClass().getSimpleName() : innermost.getMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
