package io.infergate.simulator;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.infergate.contract.ContractConfig;
import io.infergate.contract.ContractValidator;
import io.infergate.contract.ContractViolationException;
import io.infergate.contract.JsonBodies;
import io.infergate.contract.Violation;
import io.infergate.error.GatewayException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads and checks create and patch bodies as a Run:ai control plane does by its contract: the body must be
 * {@code application/json} (415 otherwise), strict JSON without duplicate keys, and valid by the bundled vendor spec.
 * The reading and the check are the gateway's own ({@link JsonBodies}, {@link ContractValidator}), since gateway and
 * control plane follow one contract; a simulator more lenient than the control plane would hide a gateway defect. A
 * refusal is the vendor 400 {@code Error}, every problem one line of {@code details}.
 */
final class ControlPlaneContract {

    private static final JsonBodies BODIES = new JsonBodies();
    /** Compiling the vendor schemas takes a while; every control plane of the process shares one validator per mode. */
    private static final Map<UnknownFields, ContractValidator> VALIDATORS = new ConcurrentHashMap<>();
    private static final String JSON = "application/json";

    private final ContractValidator validator;

    ControlPlaneContract(UnknownFields unknownFields) {
        this.validator = VALIDATORS.computeIfAbsent(unknownFields, mode -> new ContractValidator(new Strictness(mode)));
    }

    /**
     * @throws SimRequestException 415, or 400 listing what breaks the contract
     */
    ObjectNode create(RoutingContext ctx) {
        ObjectNode body = read(ctx);
        JsonNode projectId = body.get("projectId");
        if (projectId != null && projectId.isIntegralNumber()) {
            // the schema says string, yet the vendor's own examples send "projectId": 1; a control plane takes both
            body.put("projectId", projectId.asText());
        }
        try {
            validator.checkCreate(body);
        } catch (ContractViolationException e) {
            throw refusal(e.violations());
        }
        return body;
    }

    /**
     * @throws SimRequestException 415, or 400 listing what breaks the contract
     */
    ObjectNode patch(RoutingContext ctx) {
        ObjectNode body = read(ctx);
        try {
            validator.checkPatch(body);
        } catch (ContractViolationException e) {
            throw refusal(e.violations());
        }
        return body;
    }

    private static ObjectNode read(RoutingContext ctx) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim();
        if (!mediaType.equalsIgnoreCase(JSON)) {
            throw new SimRequestException(415, SimErrors.messageFor(415), "The request body must be " + JSON + ".");
        }
        Buffer raw = ctx.body().buffer();
        try {
            return (ObjectNode) BODIES.object(raw == null ? Buffer.buffer() : raw);
        } catch (GatewayException e) {
            throw new SimRequestException(e.status(), e.getMessage(), e.details());
        }
    }

    /** The vendor's "Required parameter is missing" when fields are all that is missing, else its "Bad request". */
    private static SimRequestException refusal(List<Violation> violations) {
        boolean onlyMissing = violations.stream()
                .allMatch(violation -> violation.rule().equals("schema.required") || violation.rule().endsWith("-required"));
        String details = violations.stream()
                .map(Violation::line)
                .collect(Collectors.joining("\n"));
        return new SimRequestException(400, onlyMissing ? SimErrors.REQUIRED_PARAMETER_MISSING : SimErrors.BAD_REQUEST,
                details);
    }

    /** The validator's settings for a control plane: no DNS-1035 rule, which Run:ai does not state. */
    private record Strictness(io.infergate.simulator.UnknownFields mode) implements ContractConfig {

        @Override
        public MemorySize maxBodySize() {
            return new MemorySize(BigInteger.valueOf(SimulatedControlPlane.MAX_BODY_BYTES));
        }

        @Override
        public ContractConfig.UnknownFields unknownFields() {
            return mode == io.infergate.simulator.UnknownFields.REJECT ? ContractConfig.UnknownFields.REJECT
                    : ContractConfig.UnknownFields.FORWARD;
        }

        @Override
        public boolean dns1035Names() {
            return false;
        }

        @Override
        public int maxViolations() {
            return 100;
        }
    }
}
