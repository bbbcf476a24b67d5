package io.infergate.contract;

import static io.infergate.contract.Pointers.child;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rules of a container's environment variables: each takes its value from exactly one source.
 */
final class RulesForEnvironment {

    /** In the order of the vendor's schema; the first one set wins, every later one is the offending value. */
    private static final List<String> SOURCES = List.of("value", "secret", "configMap", "podFieldRef", "userCredential");

    private RulesForEnvironment() {
    }

    static void check(JsonNode container, String base, RuleContext ctx) {
        JsonNode variables = RuleNodes.array(container, "environmentVariables");
        if (variables == null) {
            return;
        }
        String pointer = child(base, "environmentVariables");
        for (int i = 0; i < variables.size(); i++) {
            JsonNode variable = variables.get(i);
            if (variable.isObject() && !RuleNodes.isExcluded(variable)) {
                variable(variable, child(pointer, i), ctx);
            }
        }
    }

    /**
     * The vendor states {@code value} excludes the four references; Kubernetes also allows one {@code valueFrom} source
     * per variable, so two references together are the same mistake. The message names fields, never their contents,
     * which may be secrets.
     */
    private static void variable(JsonNode variable, String pointer, RuleContext ctx) {
        List<String> set = new ArrayList<>(SOURCES.size());
        for (String source : SOURCES) {
            if (RuleNodes.isSet(variable, source)) {
                set.add(source);
            }
        }
        if (set.size() < 2) {
            return;
        }
        ctx.report(child(pointer, set.get(1)), RuleIds.ENV_VALUE_EXCLUSIVE, "an environment variable takes exactly one of"
                + " value, secret, configMap, podFieldRef and userCredential, but this one sets " + String.join(" and ", set)
                + ": keep only one.");
    }
}
