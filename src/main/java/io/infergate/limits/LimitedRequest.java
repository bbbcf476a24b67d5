package io.infergate.limits;

import java.util.Objects;

import io.infergate.security.Caller;
import io.infergate.upstream.Operation;

/**
 * What rate limits look at in a request.
 *
 * @param operation the operation
 * @param caller the authenticated caller
 * @param projectId the project a create names, {@code null} for the other operations (not known before they are sent)
 * @param cluster the name of the cluster a create goes to, {@code null} for the other operations
 */
public record LimitedRequest(Operation operation, Caller caller, String projectId, String cluster) {

    public LimitedRequest {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(caller, "caller");
    }

    /**
     * @return a get, patch or delete, whose project and cluster are known only once it has been located
     */
    public static LimitedRequest byId(Operation operation, Caller caller) {
        return new LimitedRequest(operation, caller, null, null);
    }
}
