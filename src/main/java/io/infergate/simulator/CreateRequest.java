package io.infergate.simulator;

import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@code DistributedInferenceCreationRequest} that passed the contract ({@link ControlPlaneContract}). The spec is kept
 * as the client sent it, because the simulator must echo it faithfully.
 *
 * @param projectId the project, possibly empty: the schema sets it no minimum length
 * @param spec the submitted spec, or {@code null} when absent
 */
record CreateRequest(String name, boolean useGivenNameAsPrefix, String projectId, UUID clusterId, ObjectNode spec) {

    CreateRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(clusterId, "clusterId");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty");
        }
    }

    /**
     * Reads a create body the contract has checked, so its required fields are there with the right types.
     */
    static CreateRequest parse(ObjectNode body) {
        JsonNode spec = body.get("spec");
        return new CreateRequest(body.get("name").asText(), body.path("useGivenNameAsPrefix").asBoolean(false),
                body.get("projectId").asText(), UUID.fromString(body.get("clusterId").asText()),
                spec instanceof ObjectNode object ? object : null);
    }
}
