package io.infergate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated {@code UpdateRequest}: the 2.24 patch can only change {@code spec.replicas}. Other fields either passed the
 * contract as unknown ones a control plane accepts, and are ignored, or were refused with it ({@link UnknownFields}).
 *
 * @param changesReplicas whether the body sets {@code spec.replicas} at all; a body without it changes nothing
 * @param replicas the new replica count, {@code null} to clear it (the field is nullable); always {@code null} when
 *        {@code changesReplicas} is false
 */
record UpdateRequest(boolean changesReplicas, Integer replicas) {

    static final int MAX_REPLICAS = 1000;

    UpdateRequest {
        if (!changesReplicas && replicas != null) {
            throw new IllegalArgumentException("replicas given without changesReplicas");
        }
        if (replicas != null && (replicas < 0 || replicas > MAX_REPLICAS)) {
            throw new IllegalArgumentException("replicas out of range: " + replicas);
        }
    }

    /**
     * Reads and validates a patch body.
     *
     * @throws SimRequestException 400 when the body, {@code spec} or {@code spec.replicas} has the wrong type or range
     */
    static UpdateRequest parse(ObjectNode body) {
        JsonNode spec = body.get("spec");
        if (spec == null || spec.isNull()) {
            return new UpdateRequest(false, null);
        }
        if (!spec.isObject()) {
            throw SimErrors.badRequest("spec must be an object");
        }
        if (!spec.has("replicas")) {
            return new UpdateRequest(false, null);
        }
        JsonNode replicas = spec.get("replicas");
        if (replicas.isNull()) {
            return new UpdateRequest(true, null);
        }
        if (!replicas.isIntegralNumber() || !replicas.canConvertToInt() || replicas.intValue() < 0
                || replicas.intValue() > MAX_REPLICAS) {
            throw SimErrors.badRequest("spec.replicas must be an integer from 0 to " + MAX_REPLICAS + ", or null");
        }
        return new UpdateRequest(true, replicas.intValue());
    }
}
