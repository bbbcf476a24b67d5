package io.infergate.routing;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.vertx.core.buffer.Buffer;

/**
 * The top-level fields of a {@code DistributedInference} the gateway itself reads (the router, the lifecycle follow-up),
 * read by streaming over the body without building a tree of the rest.
 *
 * @param workloadId the {@code workloadId} text, or {@code null}
 * @param projectId the {@code projectId} text, or {@code null}
 * @param actualPhase the {@code actualPhase} text, or {@code null}; read by {@link #withPhase} only
 */
public record WorkloadFields(String workloadId, String projectId, String actualPhase) {

    private static final WorkloadFields NONE = new WorkloadFields(null, null, null);

    /**
     * Reads {@code workloadId} and {@code projectId}, stopping as soon as both are found (the router's need, on the
     * request path); {@link #actualPhase()} is left {@code null}.
     *
     * @return the fields found; none when the body is not a JSON object (the client already refused non-JSON answers)
     */
    public static WorkloadFields of(JsonFactory json, Buffer body) {
        return read(json, body, false);
    }

    /**
     * Reads {@code actualPhase} too, stopping once all three are found.
     */
    public static WorkloadFields withPhase(JsonFactory json, Buffer body) {
        return read(json, body, true);
    }

    private static WorkloadFields read(JsonFactory json, Buffer body, boolean phase) {
        String workloadId = null;
        String projectId = null;
        String actualPhase = null;
        try (JsonParser parser = json.createParser(body.getBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && "workloadId".equals(name)) {
                    workloadId = parser.getText();
                } else if (value == JsonToken.VALUE_STRING && "projectId".equals(name)) {
                    projectId = parser.getText();
                } else if (phase && value == JsonToken.VALUE_STRING && "actualPhase".equals(name)) {
                    actualPhase = parser.getText();
                } else {
                    parser.skipChildren();
                }
                if (workloadId != null && projectId != null && (!phase || actualPhase != null)) {
                    break;
                }
            }
        } catch (IOException e) {
            return new WorkloadFields(workloadId, projectId, actualPhase);
        }
        return new WorkloadFields(workloadId, projectId, actualPhase);
    }
}
