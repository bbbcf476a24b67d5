package io.infergate.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated {@code DistributedInferenceCreationRequest}. Only the top-level fields are checked; the spec is kept as the
 * client sent it, because the simulator must echo it faithfully rather than judge it.
 *
 * @param spec the submitted spec, or {@code null} when absent
 */
record CreateRequest(String name, boolean useGivenNameAsPrefix, String projectId, UUID clusterId, ObjectNode spec) {

    CreateRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(clusterId, "clusterId");
        if (name.isEmpty() || projectId.isEmpty()) {
            throw new IllegalArgumentException("name and projectId must not be empty");
        }
    }

    /**
     * Reads and validates a create body.
     *
     * @throws SimRequestException 400 on a missing required field or a field of the wrong type
     */
    static CreateRequest parse(ObjectNode body) {
        String name = SimJson.optionalText(body, "name");
        String projectId = projectId(body);
        UUID clusterId = SimJson.optionalUuid(body, "clusterId");
        List<String> missing = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            missing.add("name");
        }
        if (projectId == null || projectId.isEmpty()) {
            missing.add("projectId");
        }
        if (clusterId == null) {
            missing.add("clusterId");
        }
        if (!missing.isEmpty()) {
            throw SimErrors.missing("Missing required field(s): " + String.join(", ", missing));
        }
        boolean useGivenNameAsPrefix = useGivenNameAsPrefix(body);
        // templateId is not echoed in the response, but a malformed one is still the client's error
        SimJson.optionalUuid(body, "templateId");
        return new CreateRequest(name, useGivenNameAsPrefix, projectId, clusterId, spec(body));
    }

    /** The schema says string, yet vendor examples send numbers ({@code "projectId": 1}); accept both, keep the text. */
    private static String projectId(ObjectNode body) {
        JsonNode node = body.get("projectId");
        if (node != null && node.isIntegralNumber()) {
            return node.asText();
        }
        return SimJson.optionalText(body, "projectId");
    }

    private static boolean useGivenNameAsPrefix(ObjectNode body) {
        JsonNode node = body.get("useGivenNameAsPrefix");
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw SimErrors.badRequest("useGivenNameAsPrefix must be a boolean");
        }
        return node.booleanValue();
    }

    private static ObjectNode spec(ObjectNode body) {
        JsonNode node = body.get("spec");
        if (node == null || node.isNull()) {
            return null;
        }
        if (node instanceof ObjectNode spec) {
            return spec;
        }
        throw SimErrors.badRequest("spec must be an object");
    }
}
