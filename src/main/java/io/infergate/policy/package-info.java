/**
 * Organisation policy for distributed inference workloads, with Run:ai workload-policy semantics
 * (docs/runai-control-plane.md §4): defaults that fill what a request leaves empty, rules a request must meet, layered by
 * scope.
 * The policy logic is pure Java over Jackson trees, without CDI: {@link io.infergate.policy.PolicyLoader} compiles a
 * file once into an immutable {@link io.infergate.policy.PolicySet}, which merges create requests
 * ({@link io.infergate.policy.PolicySet#apply}), checks patches and shows the effective policy of a scope. Three beans
 * sit around it: {@link io.infergate.policy.Policies} holds the set in force and swaps it when the file changes
 * ({@code infergate.policy.*}), {@link io.infergate.policy.PolicyMeters} counts what the policies did, and
 * {@code PoliciesReadiness} reports a refused file. A request that breaks a rule is a
 * {@link io.infergate.policy.PolicyViolationException}, which {@code api} maps.
 *
 * <h2>The file</h2>
 *
 * <pre>
 * departments: {"2": ["4", "5"]}          # department id -&gt; its project ids (a project in one department)
 * policies:
 *   - name: org-baseline                  # unique
 *     scope: global                       # or {cluster: &lt;InferGate cluster name&gt;} | {department: "2"} | {project: "4"}
 *     defaults:                           # values over the DistributedInference spec: common fields, leader, worker
 *       priorityClass: very-high
 *       leader:
 *         imagePullPolicy: IfNotPresent
 *         environmentVariables:           # itemised: instances (default items) and attributes (defaults per item)
 *           instances: [{name: HF_HOME, value: /models}]
 *           attributes: {description: set by policy}
 *     rules:                              # per field, the rules its value type takes
 *       workers: {max: 8}
 *       leader:
 *         compute:
 *           gpuDevicesRequest: {min: 1, max: 8, step: 1}
 *           cpuCoreRequest: {defaultFrom: {field: compute.cpuCoreLimit, factor: 0.5}}
 *         image: {required: true, options: [{value: "nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3", displayed: Llama}]}
 *         environmentVariables:
 *           instances: {canAdd: true, locked: [HF_HOME]}
 *           attributes: {value: {required: true}}
 * </pre>
 *
 * Field names are checked against the bundled vendor contract, and each rule against its field's value type:
 * string and enum-string {@code required, canEdit, options}; integer and number
 * {@code required, canEdit, min, max, step, defaultFrom}; quantity {@code required, canEdit, min, max, defaultFrom};
 * boolean and arbitrary object ({@code nodeAffinityRequired}) {@code required, canEdit}; array
 * {@code required, canEdit, options}; itemised lists {@code instances: {canAdd, locked}} and {@code attributes}.
 * Itemised lists are the spec arrays whose items carry {@code exclude}, keyed by {@code resource} for
 * {@code compute.extendedResources} and by {@code name} otherwise.
 *
 * <h2>Readings of the Run:ai documentation</h2>
 * <ul>
 * <li>Rules: one policy per branch owns a field's rules; a second owner in the same branch is refused at load
 * ({@link io.infergate.policy.Ownership}).</li>
 * <li>Defaults: the lowest scope wins; itemised instances merge by key across scopes; two policies of one level that
 * can apply together may not default the same field.</li>
 * <li>{@code canEdit: false} protects a policy default; without a default there is nothing to protect. Arrays and
 * arbitrary objects are not editable by default (docs/runai-control-plane.md §4.2).</li>
 * <li>{@code defaultFrom} names a field of the same section (spec, leader or worker); a static default wins over it,
 * an integer result is rounded down, a quantity keeps its unit ({@code 3Gi} × 0.5 = {@code 1.5Gi}).</li>
 * <li>{@code worker} defaults and rules apply only when the merged body has a worker ({@code worker} given or
 * {@code workers} &gt; 0).</li>
 * </ul>
 */
package io.infergate.policy;
