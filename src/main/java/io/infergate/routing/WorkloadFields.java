package io.infergate.routing;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.infergate.cluster.Cluster;
import io.infergate.upstream.BodyBytes;
import io.vertx.core.buffer.Buffer;

/**
 * The top-level fields of a {@code DistributedInference} the gateway itself reads (the router, the lifecycle follow-up),
 * read by streaming over the body without building a tree of the rest.
 *
 * @param workloadId the {@code workloadId} text, or {@code null}
 * @param projectId the {@code projectId} text, or {@code null}
 * @param clusterId the {@code clusterId} text, or {@code null}
 * @param actualPhase the {@code actualPhase} text, or {@code null}; read by {@link #withPhase} only
 */
public record WorkloadFields(String workloadId, String projectId, String clusterId, String actualPhase) {

    private static final WorkloadFields NONE = new WorkloadFields(null, null, null, null);

    /**
     * Reads {@code workloadId}, {@code projectId} and {@code clusterId}, stopping as soon as all three are found (the
     * router's need, on the request path); {@link #actualPhase()} is left {@code null}.
     *
     * @return the fields found; none when the body is not a JSON object (the client already refused non-JSON answers)
     */
    public static WorkloadFields of(JsonFactory json, Buffer body) {
        return read(json, body, false);
    }

    /**
     * Reads {@code actualPhase} too, stopping once all four are found.
     */
    public static WorkloadFields withPhase(JsonFactory json, Buffer body) {
        return read(json, body, true);
    }

    private static WorkloadFields read(JsonFactory json, Buffer body, boolean phase) {
        String workloadId = null;
        String projectId = null;
        String clusterId = null;
        String actualPhase = null;
        try (JsonParser parser = parser(json, body)) {
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
                } else if (value == JsonToken.VALUE_STRING && "clusterId".equals(name)) {
                    clusterId = parser.getText();
                } else if (phase && value == JsonToken.VALUE_STRING && "actualPhase".equals(name)) {
                    actualPhase = parser.getText();
                } else {
                    parser.skipChildren();
                }
                if (workloadId != null && projectId != null && clusterId != null && (!phase || actualPhase != null)) {
                    break;
                }
            }
        } catch (IOException e) {
            return new WorkloadFields(workloadId, projectId, clusterId, actualPhase);
        }
        return new WorkloadFields(workloadId, projectId, clusterId, actualPhase);
    }

    /** A parser over the body's bytes in place ({@link BodyBytes}). */
    private static JsonParser parser(JsonFactory json, Buffer body) throws IOException {
        BodyBytes bytes = BodyBytes.of(body);
        return json.createParser(bytes.array(), bytes.from(), bytes.length());
    }

    /**
     * Whether an answer is about what was asked: a control plane that names another workload, or another cluster, in
     * its answer is not to be believed about either (it would be remembered as the owner and sent later patches and
     * deletes, with callers' tokens).
     *
     * @param workloadId the workload the answer should describe
     * @param cluster the cluster that answered
     * @return what does not match, without the answer's body (a missing id, one that is not a UUID, or the other UUID);
     *         empty when both ids are the ones expected
     */
    public Optional<String> mismatch(UUID workloadId, Cluster cluster) {
        String workload = compared("workloadId", this.workloadId, workloadId);
        String own = compared("clusterId", this.clusterId, cluster.id());
        if (workload == null && own == null) {
            return Optional.empty();
        }
        return Optional.of(workload == null ? own : own == null ? workload : workload + ", " + own);
    }

    private static String compared(String name, String text, UUID expected) {
        if (text == null) {
            return "no " + name;
        }
        Optional<UUID> id = CanonicalUuid.parse(text);
        if (id.isEmpty()) {
            return name + " not a UUID";
        }
        return id.get().equals(expected) ? null : name + " " + id.get();
    }
}
