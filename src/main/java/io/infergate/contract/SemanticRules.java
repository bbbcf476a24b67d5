package io.infergate.contract;

import static io.infergate.contract.Pointers.child;
import static io.infergate.contract.RuleNodes.isSet;
import static io.infergate.contract.RuleNodes.shown;
import static io.infergate.contract.RuleNodes.text;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a Distributed Inference create request against the rules the vendor states only in field descriptions, which
 * no JSON schema expresses: which fields require or exclude which others, limits not below requests, and values
 * Kubernetes would refuse later, when the workload is already accepted and failing.
 * <p>
 * It runs after the schema check and trusts nothing: a value of an unexpected type makes the rule that needs it not
 * apply (the schema layer reports the type), so a check never throws but to stop when its {@link Violations} are full.
 * Each rule visits the elements of its arrays once. The rule ids are listed in {@link RuleIds}.
 */
final class SemanticRules {

    private static final String SPEC = "/spec";

    /** DNS-1035 label, what the LeaderWorkerSet webhook demands of the name it gives the workload's Service. */
    private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    /** A prefix may end with {@code -}: the generated suffix ends with a letter or digit. */
    private static final Pattern DNS_1035_PREFIX = Pattern.compile("[a-z][-a-z0-9]*");

    private static final int DNS_1035_MAX = 63;

    /**
     * With {@code useGivenNameAsPrefix} the control plane appends {@code -} and 5 random characters (our simulator
     * does the same), so the prefix must leave room for them.
     */
    private static final int GENERATED_SUFFIX_LENGTH = 6;

    private final boolean dns1035Names;

    /**
     * @param dns1035Names also require the name to be a DNS-1035 label ({@code infergate.contract.dns-1035-names})
     */
    SemanticRules(boolean dns1035Names) {
        this.dns1035Names = dns1035Names;
    }

    /**
     * @param body a create request, already checked against the schema
     * @return every violation, in document order; empty when the body breaks no rule (or is not an object)
     */
    List<Violation> check(JsonNode body) {
        Violations found = Violations.unbounded();
        check(body, found);
        return RuleContext.inDocumentOrder(body, found.list());
    }

    /**
     * @param body a create request, already checked against the schema
     * @param found where the violations go; nothing when the body breaks no rule (or is not an object)
     * @throws Violations.Overflow when {@code found} fills up
     */
    void check(JsonNode body, Violations found) {
        if (body == null || !body.isObject()) {
            return;
        }
        RuleContext ctx = new RuleContext(found);
        if (dns1035Names) {
            name(body, ctx);
        }
        JsonNode spec = body.get("spec");
        if (spec == null || spec.isNull()) {
            // a pointer names a place that exists or a member of an object that does: here that is spec itself
            ctx.report(SPEC, RuleIds.LEADER_REQUIRED, leaderRequired());
        } else if (spec.isObject()) {
            spec(spec, isSet(body, "templateId"), ctx);
        }
    }

    private void name(JsonNode body, RuleContext ctx) {
        String name = text(body, "name");
        if (name == null) {
            return;
        }
        boolean prefix = RuleNodes.isTrue(body, "useGivenNameAsPrefix");
        int max = prefix ? DNS_1035_MAX - GENERATED_SUFFIX_LENGTH : DNS_1035_MAX;
        String what = prefix ? "name (a prefix, as useGivenNameAsPrefix is true)" : "name";
        if (name.length() > max) {
            ctx.report("/name", RuleIds.NAME_DNS_1035, what + " has " + name.length() + " characters, at most " + max
                    + " are allowed: shorten it.");
        } else if (!(prefix ? DNS_1035_PREFIX : DNS_1035).matcher(name).matches()) {
            ctx.report("/name", RuleIds.NAME_DNS_1035, what + " must use only lowercase letters, digits and '-', start"
                    + " with a letter" + (prefix ? "" : " and end with a letter or digit") + ", e.g. llama-70b-chat.");
        }
    }

    private void spec(JsonNode spec, boolean fromTemplate, RuleContext ctx) {
        JsonNode leader = spec.get("leader");
        if (leader == null || leader.isNull()) {
            ctx.report(child(SPEC, "leader"), RuleIds.LEADER_REQUIRED, leaderRequired());
        } else if (leader.isObject()) {
            container(leader, child(SPEC, "leader"), !fromTemplate, ctx);
        }
        BigDecimal workers = RuleNodes.number(spec, "workers");
        boolean workerRequired = workers != null && workers.signum() > 0;
        JsonNode worker = spec.get("worker");
        if (workerRequired && (worker == null || worker.isNull())) {
            ctx.report(child(SPEC, "worker"), RuleIds.WORKER_REQUIRED, "spec.worker is required when spec.workers is"
                    + " greater than 0: add the worker pod spec (often a copy of the leader's), or set workers to 0.");
        } else if (worker != null && worker.isObject()) {
            // with no workers no worker pod is created, so its image is not needed either
            container(worker, child(SPEC, "worker"), workerRequired && !fromTemplate, ctx);
        }
        servingPort(spec, ctx);
    }

    private static String leaderRequired() {
        return "spec.leader is required whatever the number of workers: add the leader pod spec with at least an image.";
    }

    private static void container(JsonNode container, String pointer, boolean imageRequired, RuleContext ctx) {
        if (imageRequired && !isSet(container, "image")) {
            String role = pointer.substring(pointer.lastIndexOf('/') + 1);
            ctx.report(child(pointer, "image"), RuleIds.IMAGE_REQUIRED, role + ".image is required to create a"
                    + " workload without a template: set the container image, e.g. vllm/vllm-openai:v0.8.5.");
        }
        RulesForCompute.check(container, pointer, ctx);
        RulesForEnvironment.check(container, pointer, ctx);
        RulesForScheduling.check(container, pointer, ctx);
        RulesForStorage.check(container, pointer, ctx);
        security(container, pointer, ctx);
    }

    private static void security(JsonNode container, String pointer, RuleContext ctx) {
        JsonNode security = RuleNodes.object(container, "security");
        if ("Localhost".equals(text(security, "seccompProfileType"))) {
            ctx.report(child(child(pointer, "security"), "seccompProfileType"), RuleIds.SECCOMP_LOCALHOST,
                    "seccompProfileType Localhost is not supported by Run:ai yet: use RuntimeDefault or Unconfined.");
        }
    }

    private static void servingPort(JsonNode spec, RuleContext ctx) {
        JsonNode port = RuleNodes.object(spec, "servingPort");
        if (port == null) {
            return;
        }
        String pointer = child(SPEC, "servingPort");
        boolean users = RuleNodes.array(port, "authorizedUsers") != null;
        boolean groups = RuleNodes.array(port, "authorizedGroups") != null;
        if (users && groups) {
            ctx.report(child(pointer, "authorizedGroups"), RuleIds.USERS_AND_GROUPS, "authorizedUsers and"
                    + " authorizedGroups cannot be used together: keep only the list that matches authorizationType.");
        }
        JsonNode typeNode = port.get("authorizationType");
        if (typeNode != null && !typeNode.isNull() && !typeNode.isTextual()) {
            return;
        }
        // the schema default
        String type = typeNode == null || typeNode.isNull() ? "public" : typeNode.textValue();
        listNeedsType(users, "authorizedUsers", type, pointer, RuleIds.AUTHORIZED_USERS_TYPE, ctx);
        listNeedsType(groups, "authorizedGroups", type, pointer, RuleIds.AUTHORIZED_GROUPS_TYPE, ctx);
    }

    private static void listNeedsType(boolean present, String field, String type, String pointer, String rule,
            RuleContext ctx) {
        if (present && !field.equals(type)) {
            ctx.report(child(pointer, field), rule, field + " is only used when authorizationType is " + field
                    + ", but it is " + shown(type) + ": set authorizationType to " + field + ", or remove " + field + ".");
        }
    }
}
