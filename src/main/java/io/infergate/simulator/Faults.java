package io.infergate.simulator;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The faults injected into the API paths of one simulated cluster ({@code PUT /_sim/faults}).
 * <p>
 * They hit every API operation unless {@code operations} narrows them down to some, named as in {@code /_sim/stats}:
 * {@code create}, {@code get}, {@code patch}, {@code delete} (the workload API) and {@code token}
 * ({@code POST /api/v1/token}). For example {@code {"latencyMs":2000,"operations":["token"]}} slows down only token
 * requests, and {@code {"errorRate":1.0,"errorStatus":503,"operations":["token"]}} fails them while the workload API
 * works. The {@code /_sim} paths are never faulted.
 *
 * @param latencyMs delay before every API request is handled, 0 to {@value #MAX_LATENCY_MS}
 * @param errorRate probability (0..1) that a request is answered with {@code errorStatus} instead of being handled
 * @param errorStatus the injected error status, 400 to 599
 * @param resetRate probability (0..1) that the connection is closed without an answer; checked before {@code errorRate}
 * @param retryAfterSeconds value of the {@code Retry-After} header on injected errors, or {@code null} for none
 * @param operations the operations the faults apply to, at least one; all of them unless the JSON names some
 */
record Faults(long latencyMs, double errorRate, int errorStatus, double resetRate, Integer retryAfterSeconds,
        Set<Operation> operations) {

    /** Ten minutes: longer than any client timeout worth testing, short enough to not pin requests for ever. */
    static final long MAX_LATENCY_MS = 600_000;
    static final Faults NONE = new Faults(0, 0.0, 503, 0.0, null, EnumSet.allOf(Operation.class));

    private static final Set<String> FIELDS = Set.of("latencyMs", "errorRate", "errorStatus", "resetRate",
            "retryAfterSeconds", "operations");
    private static final List<String> OPERATION_NAMES = Arrays.stream(Operation.values())
            .map(Operation::statsKey)
            .toList();

    Faults {
        if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
            throw new IllegalArgumentException("latencyMs must be from 0 to " + MAX_LATENCY_MS);
        }
        requireProbability("errorRate", errorRate);
        requireProbability("resetRate", resetRate);
        if (errorStatus < 400 || errorStatus > 599) {
            throw new IllegalArgumentException("errorStatus must be from 400 to 599");
        }
        if (retryAfterSeconds != null && retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative");
        }
        if (operations == null || operations.isEmpty()) {
            throw new IllegalArgumentException("operations must name at least one of " + OPERATION_NAMES
                    + "; leave it out for all");
        }
        operations = Collections.unmodifiableSet(EnumSet.copyOf(operations));
    }

    /** Whether these faults hit requests of {@code operation}. */
    boolean appliesTo(Operation operation) {
        return operations.contains(operation);
    }

    /**
     * Reads faults; absent or null fields take the values of {@link #NONE}. Unknown fields are rejected so a misspelt
     * fault does not silently do nothing.
     *
     * @throws SimRequestException 400 on an unknown field, a wrong type or a value out of range
     */
    static Faults fromJson(ObjectNode json) {
        for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw SimErrors.badRequest("Unknown fault: " + name + "; known are " + FIELDS);
            }
        }
        try {
            return new Faults(
                    integer(json, "latencyMs", NONE.latencyMs()),
                    number(json, "errorRate", NONE.errorRate()),
                    (int) integer(json, "errorStatus", NONE.errorStatus()),
                    number(json, "resetRate", NONE.resetRate()),
                    json.hasNonNull("retryAfterSeconds") ? (int) integer(json, "retryAfterSeconds", 0) : null,
                    operations(json));
        } catch (IllegalArgumentException e) {
            throw SimErrors.badRequest(e.getMessage());
        }
    }

    ObjectNode toJson() {
        ObjectNode json = SimJson.object()
                .put("latencyMs", latencyMs)
                .put("errorRate", errorRate)
                .put("errorStatus", errorStatus)
                .put("resetRate", resetRate)
                .put("retryAfterSeconds", retryAfterSeconds);
        ArrayNode names = json.putArray("operations");
        operations.forEach(operation -> names.add(operation.statsKey()));
        return json;
    }

    private static Set<Operation> operations(ObjectNode json) {
        JsonNode node = json.get("operations");
        if (node == null || node.isNull()) {
            return NONE.operations();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("operations must be an array of " + OPERATION_NAMES);
        }
        Set<Operation> operations = EnumSet.noneOf(Operation.class);
        for (JsonNode name : node) {
            operations.add(Operation.byStatsKey(name.isTextual() ? name.asText() : null)
                    .orElseThrow(() -> new IllegalArgumentException("Unknown operation: " + name + "; known are "
                            + OPERATION_NAMES)));
        }
        return operations;
    }

    private static long integer(ObjectNode json, String field, long fallback) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new IllegalArgumentException(field + " must be an integer");
        }
        return node.intValue();
    }

    private static double number(ObjectNode json, String field, double fallback) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number");
        }
        return node.doubleValue();
    }

    private static void requireProbability(String field, double value) {
        // written so that NaN fails too
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(field + " must be from 0.0 to 1.0");
        }
    }
}
