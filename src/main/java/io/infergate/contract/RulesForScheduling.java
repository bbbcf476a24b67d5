package io.infergate.contract;

import static io.infergate.contract.Pointers.child;
import static io.infergate.contract.RuleNodes.array;
import static io.infergate.contract.RuleNodes.isSet;
import static io.infergate.contract.RuleNodes.text;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rules of where a container may be scheduled: node affinity expressions and tolerations, as Kubernetes validates
 * them.
 */
final class RulesForScheduling {

    private RulesForScheduling() {
    }

    static void check(JsonNode container, String base, RuleContext ctx) {
        nodeAffinity(container, base, ctx);
        tolerations(container, base, ctx);
    }

    private static void nodeAffinity(JsonNode container, String base, RuleContext ctx) {
        JsonNode affinity = RuleNodes.object(container, "nodeAffinityRequired");
        JsonNode terms = array(affinity, "nodeSelectorTerms");
        if (terms == null) {
            return;
        }
        String termsPointer = child(child(base, "nodeAffinityRequired"), "nodeSelectorTerms");
        for (int i = 0; i < terms.size(); i++) {
            JsonNode expressions = array(terms.get(i), "matchExpressions");
            if (expressions == null) {
                continue;
            }
            String expressionsPointer = child(child(termsPointer, i), "matchExpressions");
            for (int j = 0; j < expressions.size(); j++) {
                matchExpression(expressions.get(j), child(expressionsPointer, j), ctx);
            }
        }
    }

    /** Kubernetes {@code ValidateNodeSelectorRequirement}: the operator decides how many values there may be. */
    private static void matchExpression(JsonNode expression, String pointer, RuleContext ctx) {
        String operator = text(expression, "operator");
        JsonNode values = expression.get("values");
        if (operator == null || values != null && !values.isNull() && !values.isArray()) {
            return;
        }
        int count = values == null || values.isNull() ? 0 : values.size();
        String valuesPointer = child(pointer, "values");
        if ("In".equals(operator) || "NotIn".equals(operator)) {
            if (count == 0) {
                ctx.report(valuesPointer, RuleIds.AFFINITY_VALUES_REQUIRED, "values must list at least one label value when"
                        + " operator is " + operator + ": add the values to match, or use operator Exists.");
            }
        } else if ("Exists".equals(operator) || "DoesNotExist".equals(operator)) {
            if (count > 0) {
                ctx.report(valuesPointer, RuleIds.AFFINITY_VALUES_FORBIDDEN, "values must be empty when operator is "
                        + operator + ": remove the values, or use operator In or NotIn.");
            }
        } else if ("Gt".equals(operator) || "Lt".equals(operator)) {
            singleInteger(values, count, operator, valuesPointer, ctx);
        }
    }

    private static void singleInteger(JsonNode values, int count, String operator, String pointer, RuleContext ctx) {
        if (count == 1) {
            JsonNode value = values.get(0);
            if (!value.isTextual() || isInt64(value.textValue())) {
                // a non-string element is the schema layer's to report
                return;
            }
            pointer = child(pointer, 0);
        }
        ctx.report(pointer, RuleIds.AFFINITY_SINGLE_INTEGER, "values must hold exactly one whole number when operator is "
                + operator + ", e.g. [\"4\"]: the node label is compared with it as an integer.");
    }

    /** Kubernetes parses the value with {@code strconv.ParseInt(v, 10, 64)}: an optional sign and ASCII digits. */
    static boolean isInt64(String text) {
        int start = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
        if (start == text.length() || text.length() > 20) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException outOfRange) {
            return false;
        }
    }

    private static void tolerations(JsonNode container, String base, RuleContext ctx) {
        JsonNode tolerations = array(container, "tolerations");
        if (tolerations == null) {
            return;
        }
        String tolerationsPointer = child(base, "tolerations");
        for (int i = 0; i < tolerations.size(); i++) {
            JsonNode toleration = tolerations.get(i);
            if (toleration.isObject() && !RuleNodes.isExcluded(toleration)) {
                toleration(toleration, child(tolerationsPointer, i), ctx);
            }
        }
    }

    /**
     * {@value RuleIds#TOLERATION_VALUE_WITH_EXISTS}: the 2.24 description of {@code value} says "Mandatory if operator is
     * Exists, forbidden otherwise", but that is inverted: Kubernetes rejects a toleration with operator {@code Exists}
     * and a value ("value must be empty when `operator` is 'Exists'", {@code pkg/apis/core/validation}), because
     * {@code Exists} matches every value of the key. We follow Kubernetes, which has the last word on the pod; a value
     * with {@code Equal} stays allowed.
     */
    private static void toleration(JsonNode toleration, String pointer, RuleContext ctx) {
        JsonNode effect = toleration.get("effect");
        boolean effectUnreadable = effect != null && !effect.isNull() && !effect.isTextual();
        if (isSet(toleration, "seconds") && !effectUnreadable && !"NoExecute".equals(text(toleration, "effect"))) {
            ctx.report(child(pointer, "seconds"), RuleIds.TOLERATION_SECONDS, "seconds is only valid when effect is"
                    + " NoExecute: remove seconds, or set effect to NoExecute to evict the pod after that many seconds.");
        }
        String value = text(toleration, "value");
        if ("Exists".equals(text(toleration, "operator")) && value != null && !value.isEmpty()) {
            ctx.report(child(pointer, "value"), RuleIds.TOLERATION_VALUE_WITH_EXISTS, "value must be empty when operator"
                    + " is Exists, which matches any value of the key: remove value, or use operator Equal to match it.");
        }
    }
}
