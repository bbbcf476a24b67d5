package io.infergate.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.infergate.contract.Violation;
import io.infergate.error.GatewayException;
import io.infergate.policy.ComplianceIssue;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The vendor {@code Error} body: {@code {code, message, details}}. Every error the gateway itself produces has this
 * shape, so a Run:ai client parses gateway and control-plane errors alike. Extra fields are only ever added.
 *
 * @param code the HTTP status, 100..599
 * @param message a short summary
 * @param details what exactly went wrong and, where it helps, what to do about it; may be {@code null}
 * @param violations for a body that breaks the contract, each problem with its JSON pointer and rule id; omitted
 *        otherwise
 * @param complianceIssues for a request that breaks a policy, each issue with its field, rule and policy; omitted
 *        otherwise
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@RegisterForReflection
public record ApiError(int code, String message, String details, List<Violation> violations,
        List<ComplianceIssue> complianceIssues) {

    public ApiError(int code, String message, String details) {
        this(code, message, details, List.of(), List.of());
    }

    /**
     * @return the body of a failure a feature reported as the gateway's own answer
     */
    public static ApiError of(GatewayException failure) {
        return new ApiError(failure.status(), failure.getMessage(), failure.details());
    }

    /**
     * @return the answer to a path InferGate does not serve
     */
    public static ApiError unknownPath() {
        return new ApiError(404, "Resource not found.",
                "InferGate serves the Run:ai Distributed Inferences API under /api/v1/workloads/distributed-inferences.");
    }

    public ApiError {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("code must be an HTTP status, was " + code);
        }
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("message is required");
        }
        violations = violations == null ? List.of() : List.copyOf(violations);
        complianceIssues = complianceIssues == null ? List.of() : List.copyOf(complianceIssues);
    }
}
