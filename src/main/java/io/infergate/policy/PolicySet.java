package io.infergate.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A loaded, immutable policy file: applies the policies in force for a (cluster, project) to create and patch requests
 * and shows the effective policy. Thread-safe; build it with {@link PolicyLoader}.
 * <p>
 * Scope resolution: a request to cluster {@code c} in project {@code p} is under the global policies, the policies of
 * cluster {@code c}, those of the department the file lists {@code p} under, and those of project {@code p}. Defaults:
 * the lowest scope wins (project over department over cluster over global); an itemised list's instances merge by key
 * across scopes, a lower scope's item replacing a wider one's of the same key. Rules: one policy in a branch owns a
 * field's rules, which the loader enforces ({@link Ownership}), so the effective rule of a field is its owner's.
 * <p>
 * The effective policy of a scope is merged on first use and kept: there are at most as many as the file has distinct
 * cluster and department/project scopes, as every other cluster or project shares the entry of "no policy of its own".
 */
public final class PolicySet {

    private final SpecCatalog catalog;
    private final Map<String, String> departmentOfProject;
    private final List<Policy> policies;
    private final Set<String> clusters = new HashSet<>();
    private final Set<String> departments = new HashSet<>();
    private final Set<String> projects = new HashSet<>();
    private final Map<ScopeKey, EffectivePolicy> effective = new ConcurrentHashMap<>();

    PolicySet(SpecCatalog catalog, Map<String, String> departmentOfProject, List<Policy> policies) {
        this.catalog = catalog;
        this.departmentOfProject = Map.copyOf(departmentOfProject);
        this.policies = List.copyOf(policies);
        for (Policy policy : policies) {
            Scope scope = policy.scope();
            if (scope instanceof Scope.Cluster cluster) {
                clusters.add(cluster.name());
            } else if (scope instanceof Scope.Department department) {
                departments.add(department.id());
            } else if (scope instanceof Scope.Project project) {
                projects.add(project.id());
            }
        }
    }

    /** Which policies apply, reduced to the scopes that have policies of their own. */
    private record ScopeKey(String cluster, String department, String project) {
    }

    /**
     * @return the names of every policy in the file, in file order
     */
    public List<String> names() {
        return policies.stream().map(Policy::name).toList();
    }

    /**
     * @param clusterName the InferGate name of the cluster the request goes to
     * @param projectId the request's project
     * @return the names of the policies in force there, widest scope first
     */
    public List<String> policiesFor(String clusterName, String projectId) {
        return inForce(clusterName, projectId).policies().stream().map(Policy::name).toList();
    }

    /**
     * Applies the policies in force to a create request.
     *
     * @param clusterName the InferGate name of the cluster the request goes to
     * @param createBody the whole create request ({@code name, projectId, clusterId, spec}), already checked against
     *        the contract; not modified
     * @return the merged body, every compliance issue, and what each policy did
     */
    public PolicyOutcome apply(String clusterName, ObjectNode createBody) {
        JsonNode projectId = createBody.get("projectId");
        String project = Values.isEmpty(projectId) ? null : projectId.asText();
        return Merge.apply(inForce(clusterName, project), createBody);
    }

    /**
     * Checks a PATCH body ({@code {spec: {replicas}}}) against the rules in force: each field the patch sets is
     * checked by its rules ({@code min}, {@code max}, {@code step}, {@code options}) and may not change a non-editable
     * default. {@code required} is not checked, since a patch names only what it changes.
     *
     * @return every compliance issue, empty when the patch complies
     */
    public List<ComplianceIssue> checkPatch(String clusterName, String projectId, ObjectNode patchBody) {
        JsonNode spec = patchBody.get("spec");
        List<ComplianceIssue> issues = new ArrayList<>();
        if (spec == null || !spec.isObject()) {
            return issues;
        }
        for (EffectivePolicy.LeafPlan leaf : inForce(clusterName, projectId).leaves()) {
            JsonNode value = Bodies.get(spec, leaf.segments());
            if (Values.isEmpty(value)) {
                continue;
            }
            ComplianceIssue edit = Merge.editIssue(leaf, value, leaf.pointer());
            if (edit != null) {
                issues.add(edit);
            }
            if (leaf.rule() != null) {
                leaf.rule().value().check(value, (rule, details) -> issues.add(
                        new ComplianceIssue(leaf.pointer(), rule, details, leaf.rule().policyName())));
            }
        }
        return issues;
    }

    /**
     * @return the compliance issues of scaling a workload to {@code replicas} groups
     */
    public List<ComplianceIssue> checkReplicas(String clusterName, String projectId, int replicas) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("spec").put("replicas", replicas);
        return checkPatch(clusterName, projectId, patch);
    }

    /**
     * @return the effective policy of a (cluster, project) as JSON: the policies in force, the merged
     *         {@code defaults} and {@code rules} in the shape of a policy file, the policy each rule comes from
     *         ({@code sourceOfRule}) and the policy each default comes from ({@code sourceOfDefaults}, by field)
     */
    public ObjectNode effective(String clusterName, String projectId) {
        EffectivePolicy merged = inForce(clusterName, projectId);
        ObjectNode view = EffectiveView.render(merged);
        view.put("clusterName", clusterName);
        view.put("projectId", projectId);
        view.put("departmentId", projectId == null ? null : departmentOfProject.get(projectId));
        return view;
    }

    private EffectivePolicy inForce(String clusterName, String projectId) {
        String department = projectId == null ? null : departmentOfProject.get(projectId);
        ScopeKey key = new ScopeKey(clusters.contains(clusterName) ? clusterName : null,
                departments.contains(department) ? department : null,
                projects.contains(projectId) ? projectId : null);
        return effective.computeIfAbsent(key, this::merged);
    }

    private EffectivePolicy merged(ScopeKey key) {
        List<Policy> inForce = new ArrayList<>();
        for (int level = 0; level <= 3; level++) {
            for (Policy policy : policies) {
                if (policy.scope().level() == level && covers(policy.scope(), key)) {
                    inForce.add(policy);
                }
            }
        }
        return EffectivePolicy.of(inForce, catalog);
    }

    private static boolean covers(Scope scope, ScopeKey key) {
        if (scope instanceof Scope.Cluster cluster) {
            return cluster.name().equals(key.cluster());
        }
        if (scope instanceof Scope.Department department) {
            return department.id().equals(key.department());
        }
        if (scope instanceof Scope.Project project) {
            return project.id().equals(key.project());
        }
        return scope instanceof Scope.Global;
    }
}
