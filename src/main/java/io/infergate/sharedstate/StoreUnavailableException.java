package io.infergate.sharedstate;

/**
 * The shared store could not be asked in time: Redis refused the connection, failed the call or did not answer within
 * {@code infergate.redis.timeout}. Expected during an outage, so without a stack trace.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
