package io.infergate.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The load-time checks that make the effective policy of every (cluster, project) unambiguous.
 * <p>
 * Rules: Run:ai lets only one policy in a branch of the scope tree own the rules of a field, and refuses a second one
 * ("Field ... already has rules in cluster: ...", docs/runai-control-plane.md §4.1). Here a branch is every policy that can
 * apply
 * to one request, so two policies conflict when they can apply together and both set rules on the same field. A field
 * is a leaf field, an item attribute, or the {@code instances} rules of an itemised list. Which cluster a project runs
 * on is not known from the file, so a cluster policy can meet every department and project policy.
 * <p>
 * Defaults: several levels may set one and the lowest scope wins, but two policies of the same level that can apply
 * together must not both set one field (or the same itemised instance), since nothing would pick between them.
 */
final class Ownership {

    private final Map<String, String> departmentOfProject;

    Ownership(Map<String, String> departmentOfProject) {
        this.departmentOfProject = departmentOfProject;
    }

    List<String> conflicts(List<Policy> policies) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            for (int j = i + 1; j < policies.size(); j++) {
                Policy first = policies.get(i);
                Policy second = policies.get(j);
                if (!together(first.scope(), second.scope())) {
                    continue;
                }
                for (String field : shared(ruleFields(first), ruleFields(second))) {
                    problems.add("policy \"" + second.name() + "\" (" + second.scope().label() + "): field " + field
                            + " already has rules in policy \"" + first.name() + "\" (" + first.scope().label()
                            + "); only one policy in a branch may own the rules of a field");
                }
                if (first.scope().level() == second.scope().level()) {
                    for (String field : shared(defaultFields(first), defaultFields(second))) {
                        problems.add("policy \"" + second.name() + "\" (" + second.scope().label() + "): "
                                + field + " already has a default in policy \"" + first.name()
                                + "\" at the same scope level; one of them must drop it");
                    }
                }
            }
        }
        return problems;
    }

    /**
     * @return whether one request can be under both scopes
     */
    boolean together(Scope a, Scope b) {
        if (a.level() > b.level()) {
            return together(b, a);
        }
        if (a instanceof Scope.Global) {
            return true;
        }
        if (a instanceof Scope.Cluster cluster) {
            return !(b instanceof Scope.Cluster other) || cluster.name().equals(other.name());
        }
        if (a instanceof Scope.Department department) {
            return b instanceof Scope.Department other ? department.id().equals(other.id())
                    : department.id().equals(departmentOfProject.get(((Scope.Project) b).id()));
        }
        return Objects.equals(a, b);
    }

    private static Set<String> ruleFields(Policy policy) {
        Set<String> fields = new TreeSet<>(policy.rules().keySet());
        policy.instanceRules().keySet().forEach(path -> fields.add(path + ".instances"));
        return fields;
    }

    private static Set<String> defaultFields(Policy policy) {
        Set<String> fields = new TreeSet<>(policy.defaults().keySet());
        policy.instances().forEach((path, byKey) -> byKey.keySet()
                .forEach(key -> fields.add(path + ".instances[" + key + "]")));
        return fields;
    }

    private static Set<String> shared(Set<String> a, Set<String> b) {
        Set<String> both = new TreeSet<>(a);
        both.retainAll(b);
        return both;
    }
}
