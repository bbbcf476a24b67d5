package io.infergate.api;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.infergate.contract.ContractConfig;
import io.infergate.contract.ContractMeters;
import io.infergate.contract.ContractViolationException;
import io.infergate.contract.Violation;
import io.infergate.error.GatewayException;
import io.infergate.observability.Outcomes;
import io.infergate.observability.RequestMetrics;
import io.infergate.policy.PolicyMeters;
import io.infergate.policy.PolicyViolationException;
import io.infergate.routing.WorkloadRouter;
import io.infergate.security.ProviderUnreachableException;
import io.infergate.upstream.ForwardedHeaders;
import io.infergate.upstream.UpstreamFailure;
import io.quarkus.logging.Log;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;

/**
 * Turns every failure into the vendor {@code Error} shape, one small mapping per exception type. Gateway decisions and
 * upstream failures are expected and logged without stack traces; only a bug reaches the last mapping.
 */
class ErrorMappers {

    private static final String UNAUTHORIZED = "Unauthorized.";

    private final int maxViolations;
    private final CurrentVertxRequest request;
    private final ContractMeters contractMeters;
    private final PolicyMeters policyMeters;

    ErrorMappers(ContractConfig contract, CurrentVertxRequest request, ContractMeters contractMeters,
            PolicyMeters policyMeters) {
        this.maxViolations = contract.maxViolations();
        this.request = request;
        this.contractMeters = contractMeters;
        this.policyMeters = policyMeters;
    }

    @ServerExceptionMapper
    Response gateway(GatewayException e) {
        outcome(Outcomes.ofGatewayStatus(e.status()));
        Response.ResponseBuilder response = error(ApiError.of(e));
        if (e.status() == 413) {
            // The rest of the body was never read, so the connection cannot carry another request.
            response.header("Connection", "close");
        }
        return response.build();
    }

    @ServerExceptionMapper
    Response contractViolation(ContractViolationException e) {
        outcome(Outcomes.REJECTED_CONTRACT);
        // the validator stops past max-violations: a body with more problems has "more than" that many
        List<Violation> listed = ClusterIdHelp.explain(request.getCurrent(),
                e.violations().subList(0, Math.min(e.violations().size(), maxViolations)));
        contractMeters.rejected(listed);
        boolean all = e.complete() && listed.size() == e.violations().size();
        String count = listed.size() == 1 ? "1 problem" : listed.size() + " problems";
        String summary = "The request does not comply with the Run:ai contract: "
                + (all ? count + "." : "more than " + count + "; the first " + listed.size() + " found are listed.");
        String details = listed.stream().map(Violation::line).collect(Collectors.joining("\n"))
                + (all ? "" : "\n(more problems not listed)");
        return error(new ApiError(400, summary, details, listed, List.of())).build();
    }

    @ServerExceptionMapper
    Response policyViolation(PolicyViolationException e) {
        outcome(Outcomes.REJECTED_POLICY);
        policyMeters.violated(e.issues());
        String details = e.issues()
                .stream()
                .map(issue -> issue.field() + ": " + issue.details() + " (" + issue.rule() + ", policy " + issue.policy()
                        + ")")
                .collect(Collectors.joining("\n"));
        return error(new ApiError(400, e.getMessage(), details, List.of(), e.issues())).build();
    }

    @ServerExceptionMapper
    Response unauthenticated(UnauthorizedException e, SimpleResourceInfo resource) {
        rejectedAuth(resource);
        return error(new ApiError(401, UNAUTHORIZED,
                "Send a bearer token: Authorization: Bearer <access token from your identity provider>."))
                .header(HttpHeaders.WWW_AUTHENTICATE, ForwardedHeaders.BEARER_CHALLENGE)
                .build();
    }

    @ServerExceptionMapper
    Response authenticationFailed(AuthenticationFailedException e, SimpleResourceInfo resource) {
        if (ProviderUnreachableException.causedBy(e)) {
            return providerUnreachable(e, resource);
        }
        rejectedAuth(resource);
        // the reason (which claim, which key) stays in the DEBUG log of Quarkus OIDC: it helps an attacker more than a caller
        return error(new ApiError(401, UNAUTHORIZED,
                "The bearer token was not accepted: it is malformed or expired, not yet valid, from another issuer, for "
                        + "another audience, or not signed by a key InferGate trusts."))
                .header(HttpHeaders.WWW_AUTHENTICATE, ForwardedHeaders.CHALLENGE)
                .build();
    }

    /**
     * Quarkus OIDC fails with this, not an {@link AuthenticationFailedException}, when its tenant is still not initialised
     * because the provider was down at startup and still is; any other reason is about the token.
     */
    @ServerExceptionMapper
    Response oidcFailed(OIDCException e, SimpleResourceInfo resource) {
        return ProviderUnreachableException.causedBy(e)
                ? providerUnreachable(e, resource)
                : authenticationFailed(new AuthenticationFailedException(e), resource);
    }

    @ServerExceptionMapper
    Response unreachable(UpstreamFailure.Unreachable e) {
        outcome(Outcomes.UNAVAILABLE);
        Log.warn(e.getMessage());
        return upstream(503, GatewayException.TRY_AGAIN, e).build();
    }

    @ServerExceptionMapper
    Response rejected(UpstreamFailure.Rejected e) {
        outcome(e.breakerOpen() ? Outcomes.BREAKER_OPEN : Outcomes.UNAVAILABLE);
        Log.debug(e.getMessage());
        return upstream(503, GatewayException.TRY_AGAIN, e)
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, e.retryAfter().toSeconds()))
                .build();
    }

    @ServerExceptionMapper
    Response connectionLost(UpstreamFailure.ConnectionLost e) {
        outcome(Outcomes.UPSTREAM_ERROR);
        Log.warn(e.getMessage());
        return upstream(502, GatewayException.BAD_GATEWAY, e).build();
    }

    @ServerExceptionMapper
    Response timedOut(UpstreamFailure.TimedOut e) {
        outcome(Outcomes.TIMEOUT);
        Log.warn(e.getMessage());
        return upstream(504, GatewayException.GATEWAY_TIMEOUT, e).build();
    }

    @ServerExceptionMapper
    Response malformed(UpstreamFailure.Malformed e) {
        outcome(Outcomes.UPSTREAM_ERROR);
        Log.warn(e.getMessage());
        return upstream(502, GatewayException.BAD_GATEWAY, e).build();
    }

    @ServerExceptionMapper
    Response notFound(NotFoundException e) {
        return error(ApiError.unknownPath()).build();
    }

    @ServerExceptionMapper
    Response unsupportedMediaType(NotSupportedException e) {
        return error(new ApiError(415, "Unsupported media type.", "Send the body as Content-Type: application/json."))
                .build();
    }

    @ServerExceptionMapper
    Response notAcceptable(NotAcceptableException e) {
        return error(new ApiError(406, "Not acceptable.", "InferGate answers with application/json.")).build();
    }

    @ServerExceptionMapper
    Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.Status type = Response.Status.fromStatusCode(status);
        String reason = type == null ? "Request failed." : type.getReasonPhrase() + ".";
        return error(new ApiError(status, reason, null)).build();
    }

    @ServerExceptionMapper
    Response unexpected(Throwable e) {
        outcome(Outcomes.ERROR);
        Log.error("Unexpected failure while handling a request", e);
        return error(new ApiError(500, GatewayException.SOMETHING_WENT_WRONG, "InferGate failed unexpectedly; see its logs."))
                .build();
    }

    /**
     * The token could not be checked, neither accepted nor refused: the caller may send it again.
     */
    private Response providerUnreachable(Throwable e, SimpleResourceInfo resource) {
        rejectedAuth(resource);
        outcome(Outcomes.UNAVAILABLE);
        // ProviderKeys warns once when the provider becomes unreachable; one line per refused request would flood the log
        Log.debugf("The OIDC provider could not be reached to verify a bearer token: %s", e.getClass().getSimpleName());
        return error(new ApiError(503, GatewayException.TRY_AGAIN,
                "InferGate cannot reach its identity provider to verify the bearer token; send it again later."))
                .header(HttpHeaders.RETRY_AFTER, ProviderUnreachableException.RETRY_AFTER.toSeconds())
                .build();
    }

    /**
     * An upstream failure of a get, patch or delete (a create's ambiguous failures are worded by the router, which
     * knows the workload's name): what happened, and whether the request may have been applied, judged on every attempt
     * (the failure reported is the last attempt that reached the control plane, see {@link UpstreamFailure}).
     */
    private static Response.ResponseBuilder upstream(int status, String message, UpstreamFailure e) {
        String retry = e.whyRetryNotSent().map(why -> " InferGate did not send the retry: " + why + ".").orElse("");
        String applied = e.reachedUpstream()
                ? "If it was a patch or delete, it may have been applied: check the workload's state before sending it again."
                : "The request was not sent.";
        return error(new ApiError(status, message,
                "Cluster " + e.cluster().name() + " " + e.what() + "." + retry + " " + applied));
    }

    private void outcome(String outcome) {
        RequestMetrics.outcome(request.getCurrent(), outcome);
    }

    /**
     * Authentication fails before the operation runs, so the operation is named here, from the method that matched.
     */
    private void rejectedAuth(SimpleResourceInfo resource) {
        if (resource != null && resource.getResourceClass() == DistributedInferencesResource.class) {
            String operation = resource.getMethodName();
            RequestMetrics.operation(request.getCurrent(), operation,
                    "create".equals(operation) ? WorkloadRouter.COLLECTION : DistributedInferencesResource.WORKLOAD_ROUTE);
        }
        outcome(Outcomes.REJECTED_AUTH);
    }

    private static Response.ResponseBuilder error(ApiError body) {
        return Response.status(body.code()).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
    }
}
