package io.infergate.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a parsed policy file into a {@link PolicySet}, collecting every problem before refusing the file.
 */
final class PolicyCompiler {

    private static final Set<String> TOP = Set.of("departments", "policies");
    private static final Set<String> POLICY_KEYS = Set.of("name", "scope", "defaults", "rules");

    private final SpecCatalog catalog;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> departmentIds = new HashSet<>();

    PolicyCompiler(SpecCatalog catalog) {
        this.catalog = catalog;
    }

    PolicySet compile(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new PolicyFileException(List.of("the file must be a mapping with departments and policies"));
        }
        unknownKeys(root, TOP, "the file");
        Map<String, String> departmentOfProject = departments(root.path("departments"));
        List<Policy> policies = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode list = root.path("policies");
        if (!list.isMissingNode() && !list.isArray()) {
            problems.add("policies: must be a list");
        }
        int index = 0;
        for (JsonNode node : list.isArray() ? list : List.<JsonNode> of()) {
            Policy policy = policy(node, index++, departmentOfProject);
            if (policy != null && !names.add(policy.name())) {
                problems.add("policy \"" + policy.name() + "\": another policy has the same name");
            } else if (policy != null) {
                policies.add(policy);
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(new Ownership(departmentOfProject).conflicts(policies));
        }
        if (!problems.isEmpty()) {
            throw new PolicyFileException(problems);
        }
        return new PolicySet(catalog, departmentOfProject, policies);
    }

    private Map<String, String> departments(JsonNode node) {
        Map<String, String> departmentOfProject = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return departmentOfProject;
        }
        if (!node.isObject()) {
            problems.add("departments: must map a department id to its project ids, e.g. {\"2\": [\"4\", \"5\"]}");
            return departmentOfProject;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            departmentIds.add(entry.getKey());
            if (!entry.getValue().isArray()) {
                problems.add("departments." + entry.getKey() + ": must be a list of project ids");
                continue;
            }
            for (JsonNode project : entry.getValue()) {
                String previous = departmentOfProject.put(project.asText(), entry.getKey());
                if (previous != null) {
                    problems.add("departments." + entry.getKey() + ": project " + project.asText()
                            + " is already in department " + previous + "; a project belongs to one department");
                }
            }
        }
        return departmentOfProject;
    }

    private Policy policy(JsonNode node, int index, Map<String, String> departmentOfProject) {
        if (!node.isObject() || !node.path("name").isTextual() || node.path("name").asText().isBlank()) {
            problems.add("policies[" + index + "]: each policy needs a name");
            return null;
        }
        String name = node.get("name").asText();
        String where = "policy \"" + name + "\"";
        unknownKeys(node, POLICY_KEYS, where);
        Scope scope = scope(node.path("scope"), where, departmentOfProject);
        SpecWalk walk = new SpecWalk(catalog, problems::add);
        DefaultCompiler defaults = new DefaultCompiler(walk, problems::add);
        RuleCompiler rules = new RuleCompiler(catalog, problems::add);
        int before = problems.size();
        if (!Values.isEmpty(node.get("defaults"))) {
            walk.walk(node.get("defaults"), "", where + " defaults", defaults);
        }
        if (!Values.isEmpty(node.get("rules"))) {
            walk.walk(node.get("rules"), "", where + " rules", rules);
        }
        if (scope == null || problems.size() != before) {
            return null;
        }
        return new Policy(name, scope, defaults.defaults, defaults.instances, rules.rules, rules.instanceRules);
    }

    private Scope scope(JsonNode node, String where, Map<String, String> departmentOfProject) {
        if (node.isTextual() && node.asText().equals("global")) {
            return new Scope.Global();
        }
        if (node.isObject() && node.size() == 1) {
            Map.Entry<String, JsonNode> entry = node.fields().next();
            String id = entry.getValue().isValueNode() ? entry.getValue().asText() : "";
            if (!id.isBlank()) {
                switch (entry.getKey()) {
                    case "cluster":
                        return new Scope.Cluster(id);
                    case "project":
                        return new Scope.Project(id);
                    case "department":
                        if (!departmentIds.contains(id)) {
                            problems.add(where + " scope: department " + id
                                    + " is not listed under departments, so the policy would apply to no project");
                            return null;
                        }
                        return new Scope.Department(id);
                    default:
                        break;
                }
            }
        }
        problems.add(where + " scope: unknown scope " + node
                + "; use global, {cluster: <cluster name>}, {department: \"<id>\"} or {project: \"<id>\"}");
        return null;
    }

    private void unknownKeys(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(where + ": unknown key " + name + "; expected " + String.join(", ", known.stream()
                        .sorted().toList()));
            }
        }
    }
}
