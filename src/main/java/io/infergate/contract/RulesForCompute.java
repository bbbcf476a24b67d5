package io.infergate.contract;

import static io.infergate.contract.Pointers.child;
import static io.infergate.contract.RuleNodes.isSet;
import static io.infergate.contract.RuleNodes.number;
import static io.infergate.contract.RuleNodes.shown;
import static io.infergate.contract.RuleNodes.text;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rules of a container's {@code compute} block: which GPU fields go with which request type and device count, no
 * limit below its request, a portion of one device at most 1, and quantities that Kubernetes can read.
 */
final class RulesForCompute {

    private static final List<String> FRACTIONAL_GPU_FIELDS = List.of(
            "gpuPortionRequest", "gpuPortionLimit", "gpuMemoryRequest", "gpuMemoryLimit");

    private RulesForCompute() {
    }

    static void check(JsonNode container, String base, RuleContext ctx) {
        JsonNode compute = RuleNodes.object(container, "compute");
        if (compute == null) {
            return;
        }
        String pointer = child(base, "compute");
        BigDecimal devices = number(compute, "gpuDevicesRequest");
        if (devices != null && devices.compareTo(BigDecimal.ONE) > 0) {
            multiDevice(compute, pointer, ctx);
        } else {
            // with several devices the fraction fields are forbidden, so requiring one would ask the impossible
            requestForType(compute, pointer, ctx);
        }
        portionOfOneDevice(compute, pointer, ctx);
        numberLimit(compute, pointer, "gpuPortionRequest", "gpuPortionLimit", RuleIds.PORTION_LIMIT_BELOW_REQUEST, ctx);
        numberLimit(compute, pointer, "cpuCoreRequest", "cpuCoreLimit", RuleIds.CPU_CORE_LIMIT_BELOW_REQUEST, ctx);
        quantityLimit(compute, pointer, "gpuMemoryRequest", "gpuMemoryLimit", RuleIds.GPU_MEMORY_LIMIT_BELOW_REQUEST, ctx);
        quantityLimit(compute, pointer, "cpuMemoryRequest", "cpuMemoryLimit", RuleIds.CPU_MEMORY_LIMIT_BELOW_REQUEST, ctx);
        extendedResources(compute, pointer, ctx);
    }

    private static void requestForType(JsonNode compute, String pointer, RuleContext ctx) {
        String type = text(compute, "gpuRequestType");
        if ("portion".equals(type) && !isSet(compute, "gpuPortionRequest")) {
            ctx.report(child(pointer, "gpuPortionRequest"), RuleIds.PORTION_REQUEST_REQUIRED,
                    "gpuPortionRequest is required when gpuRequestType is portion: set a fraction between 0 and 1, e.g. 0.5.");
        } else if ("memory".equals(type) && !isSet(compute, "gpuMemoryRequest")) {
            ctx.report(child(pointer, "gpuMemoryRequest"), RuleIds.MEMORY_REQUEST_REQUIRED,
                    "gpuMemoryRequest is required when gpuRequestType is memory: set the GPU memory to reserve, e.g. 20Gi.");
        }
    }

    /** The vendor: "if more than one device is requested, it is not possible to provide values for gpuMemory or gpuPortion". */
    private static void multiDevice(JsonNode compute, String pointer, RuleContext ctx) {
        String type = text(compute, "gpuRequestType");
        if (type != null && !"portion".equals(type)) {
            ctx.report(child(pointer, "gpuRequestType"), RuleIds.MULTI_DEVICE,
                    "gpuRequestType must be portion or left out when gpuDevicesRequest is more than 1, was "
                            + shown(type) + ": request whole GPUs, or a single device to use " + shown(type) + ".");
        }
        for (String field : FRACTIONAL_GPU_FIELDS) {
            if (isSet(compute, field)) {
                ctx.report(child(pointer, field), RuleIds.MULTI_DEVICE, field
                        + " cannot be set when gpuDevicesRequest is more than 1: remove it to get whole GPUs, or request a"
                        + " single device to share it.");
            }
        }
    }

    /**
     * The vendor: "the portion of the GPU to allocate ..., per GPU device, between 0 and 1"; the schema states only the
     * minimum. (The limit's description states no range, so none is checked for it.)
     */
    private static void portionOfOneDevice(JsonNode compute, String pointer, RuleContext ctx) {
        BigDecimal portion = number(compute, "gpuPortionRequest");
        if (portion != null && portion.compareTo(BigDecimal.ONE) > 0) {
            ctx.report(child(pointer, "gpuPortionRequest"), RuleIds.PORTION_REQUEST_RANGE, "gpuPortionRequest must be"
                    + " between 0 and 1, the part of one GPU device to reserve, but is "
                    + shown(compute.get("gpuPortionRequest").asText())
                    + ": for more than one device, request whole GPUs with gpuDevicesRequest.");
        }
    }

    private static void numberLimit(JsonNode compute, String pointer, String requestField, String limitField, String rule,
            RuleContext ctx) {
        BigDecimal request = number(compute, requestField);
        BigDecimal limit = number(compute, limitField);
        if (request != null && limit != null && limit.compareTo(request) < 0) {
            // the caller's own spelling: toPlainString() of 1e999999999 would be a billion digits
            ctx.report(child(pointer, limitField), rule, belowRequest(limitField, shown(compute.get(limitField).asText()),
                    requestField, shown(compute.get(requestField).asText())));
        }
    }

    private static void quantityLimit(JsonNode compute, String pointer, String requestField, String limitField,
            String rule, RuleContext ctx) {
        BigDecimal request = ctx.quantity(compute, requestField, child(pointer, requestField));
        BigDecimal limit = ctx.quantity(compute, limitField, child(pointer, limitField));
        if (request != null && limit != null && limit.compareTo(request) < 0) {
            ctx.report(child(pointer, limitField), rule, belowRequest(limitField, shown(text(compute, limitField)),
                    requestField, shown(text(compute, requestField))));
        }
    }

    private static String belowRequest(String limitField, String limit, String requestField, String request) {
        return limitField + " (" + limit + ") is below " + requestField + " (" + request
                + "): set the limit to at least the request, or leave the limit out.";
    }

    private static void extendedResources(JsonNode compute, String pointer, RuleContext ctx) {
        JsonNode resources = RuleNodes.array(compute, "extendedResources");
        if (resources == null) {
            return;
        }
        String base = child(pointer, "extendedResources");
        for (int i = 0; i < resources.size(); i++) {
            JsonNode resource = resources.get(i);
            if (resource.isObject() && !RuleNodes.isExcluded(resource)) {
                ctx.quantity(resource, "quantity", child(child(base, i), "quantity"));
            }
        }
    }
}
