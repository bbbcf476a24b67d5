package io.infergate.simulator;

/**
 * A request the simulator answers with an error status and a vendor {@code Error} body. Handlers throw it and the
 * router's failure handler writes the answer, so validation reads as straight-line code.
 */
final class SimRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String details;

    SimRequestException(int status, String message, String details) {
        // no stack trace: this is control flow for expected client errors, not a fault
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("Not an error status: " + status);
        }
        this.status = status;
        this.details = details;
    }

    int status() {
        return status;
    }

    /** Optional {@code details} of the error body, or {@code null}. */
    String details() {
        return details;
    }
}
