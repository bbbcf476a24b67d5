package io.infergate.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.infergate.contract.Quantity;
import io.infergate.policy.EffectivePolicy.LeafPlan;
import io.infergate.policy.EffectivePolicy.ListPlan;

/**
 * One merge of a create request with an effective policy (docs/runai-control-plane.md §4.3), in three passes so that each step
 * sees the previous one's result: fill static defaults where the request is empty (checking {@code canEdit} where it
 * is not), then {@code defaultFrom} defaults from the filled body, then the rules on the merged values; itemised lists
 * are merged by key ({@link ItemizedMerge}).
 * <p>
 * Fields under {@code worker} are filled and checked only when the merged body has a worker: a {@code worker} object
 * in the request or {@code workers} above 0. The contract requires {@code worker} only then, and a worker section
 * created from defaults alone would describe pods that never run. [INFER: Run:ai does not document this case.]
 */
final class Merge {

    final List<ComplianceIssue> issues = new ArrayList<>();
    final List<Applied> applied = new ArrayList<>();
    private Boolean workerPresent;

    /**
     * @param effective the effective policy of the request's scope
     * @param body the create request; not modified
     */
    static PolicyOutcome apply(EffectivePolicy effective, ObjectNode body) {
        List<String> names = effective.policies().stream().map(Policy::name).toList();
        if (effective.leaves().isEmpty() && effective.lists().isEmpty()) {
            return new PolicyOutcome(body, List.of(), List.of(), names, false);
        }
        ObjectNode out = body.deepCopy();
        Merge merge = new Merge();
        JsonNode spec = out.get("spec");
        if (Values.isEmpty(spec)) {
            spec = out.putObject("spec");
        }
        if (spec.isObject()) {
            merge.run(effective, (ObjectNode) spec);
        }
        return new PolicyOutcome(out, merge.issues, merge.applied, names, !out.equals(body));
    }

    private void run(EffectivePolicy effective, ObjectNode spec) {
        for (LeafPlan leaf : effective.leaves()) {
            if (applies(leaf.underWorker(), spec)) {
                fill(spec, leaf, "", true);
            }
        }
        for (LeafPlan leaf : effective.leaves()) {
            if (leaf.rule() != null && leaf.rule().value().defaultFrom() != null && applies(leaf.underWorker(), spec)) {
                defaultFrom(spec, leaf);
            }
        }
        for (LeafPlan leaf : effective.leaves()) {
            if (applies(leaf.underWorker(), spec)) {
                check(spec, leaf, "");
            }
        }
        ItemizedMerge lists = new ItemizedMerge(this);
        for (ListPlan list : effective.lists()) {
            if (applies(list.underWorker(), spec)) {
                lists.merge(spec, list);
            }
        }
    }

    private boolean applies(boolean underWorker, ObjectNode spec) {
        if (!underWorker) {
            return true;
        }
        if (workerPresent == null) {
            workerPresent = spec.path("worker").isObject() || spec.path("workers").asInt(0) > 0;
        }
        return workerPresent;
    }

    /**
     * Fills a default where the field is empty; where it is not, checks that a non-editable default is not changed.
     *
     * @param container the spec, or an item for an attribute
     * @param prefix what goes before the plan's pointer ({@code ""}, or the item's pointer)
     * @param checkEdits whether a value already there came from the request, so that {@code canEdit} applies
     */
    void fill(ObjectNode container, LeafPlan plan, String prefix, boolean checkEdits) {
        Sourced<JsonNode> fallback = plan.fallback();
        if (fallback == null) {
            return;
        }
        String[] segments = plan.segments();
        ObjectNode parent = Bodies.parent(container, segments, true);
        if (parent == null) {
            return;
        }
        String name = segments[segments.length - 1];
        JsonNode value = parent.get(name);
        if (Values.isEmpty(value)) {
            parent.set(name, fallback.value().isContainerNode() ? fallback.value().deepCopy() : fallback.value());
            applied.add(new Applied(prefix + plan.pointer(), fallback.policyName(), Applied.Action.DEFAULT, "default"));
            return;
        }
        ComplianceIssue edit = checkEdits ? editIssue(plan, value, prefix + plan.pointer()) : null;
        if (edit != null) {
            issues.add(edit);
        }
    }

    /**
     * @return the {@code canEdit} issue of a value that differs from a default the policy does not let requests
     *         change, or null
     */
    static ComplianceIssue editIssue(LeafPlan plan, JsonNode value, String pointer) {
        Sourced<JsonNode> fallback = plan.fallback();
        Sourced<FieldRule> rule = plan.rule();
        boolean editable = rule != null ? rule.value().editable() : plan.field().type().editableByDefault();
        if (fallback == null || editable || Values.same(plan.field().type(), value, fallback.value())) {
            return null;
        }
        String owner = rule != null && rule.value().canEdit() != null ? rule.policyName() : fallback.policyName();
        return new ComplianceIssue(pointer, "canEdit", "The policy sets this to " + fallback.value()
                + " and does not allow changing it; got " + value + ".", owner);
    }

    private void defaultFrom(ObjectNode spec, LeafPlan plan) {
        String[] segments = plan.segments();
        ObjectNode parent = Bodies.parent(spec, segments, false);
        String name = segments[segments.length - 1];
        FieldRule.DefaultFrom from = plan.rule().value().defaultFrom();
        JsonNode source = Bodies.get(spec, from.source().path().split("\\."));
        if (parent != null && !Values.isEmpty(parent.get(name)) || Values.isEmpty(source)) {
            return;
        }
        JsonNode computed = computed(plan.field().type(), source, from.factor());
        if (computed != null) {
            Bodies.parent(spec, segments, true).set(name, computed);
            applied.add(new Applied(plan.pointer(), plan.rule().policyName(), Applied.Action.DEFAULT, "defaultFrom"));
        }
    }

    private static JsonNode computed(ValueType type, JsonNode source, BigDecimal factor) {
        if (type == ValueType.QUANTITY) {
            return Quantity.parse(source.asText()).map(quantity -> TextNode.valueOf(quantity.times(factor)))
                    .orElse(null);
        }
        if (!source.isNumber()) {
            return null;
        }
        BigDecimal product = source.decimalValue().multiply(factor);
        // a request is what a workload may use at least: round an integer default down rather than above the source
        return type == ValueType.INTEGER
                ? JsonNodeFactory.instance.numberNode(product.setScale(0, RoundingMode.FLOOR).longValueExact())
                : JsonNodeFactory.instance.numberNode(product.doubleValue());
    }

    /**
     * Checks the merged value of a field against its rules.
     */
    void check(ObjectNode container, LeafPlan plan, String prefix) {
        Sourced<FieldRule> rule = plan.rule();
        if (rule == null) {
            return;
        }
        String pointer = prefix + plan.pointer();
        JsonNode value = Bodies.get(container, plan.segments());
        rule.value().check(value, (name, details) -> issue(pointer, name, details, rule.policyName()));
        for (String name : rule.value().checks()) {
            applied.add(new Applied(pointer, rule.policyName(), Applied.Action.RULE, name));
        }
    }

    void issue(String pointer, String rule, String details, String policy) {
        issues.add(new ComplianceIssue(pointer, rule, details, policy));
    }
}
