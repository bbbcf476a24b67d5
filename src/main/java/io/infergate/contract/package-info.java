/**
 * The vendor contract: reading a body (strict UTF-8, strict JSON with bounded size and depth, no duplicate key) and
 * checking it against the bundled Run:ai OpenAPI document: the schema itself, read from the spec and never copied
 * ({@link io.infergate.contract.SchemaCheck}), the shape (unknown and mandatory fields,
 * {@link io.infergate.contract.ShapeCheck}) and the cross-field rules the field descriptions state in prose
 * ({@link io.infergate.contract.SemanticRules}, one {@code RulesFor*} class per area, each rule with a stable id in
 * {@link io.infergate.contract.RuleIds}), with a fast path compiled from the same spec that passes a valid body
 * without the first two ({@link io.infergate.contract.SchemaFastPath}). Also the one parser of Kubernetes quantities
 * ({@link io.infergate.contract.Quantity}), which the policies use too. Keys under {@code infergate.contract.*}. A
 * violation is a {@link io.infergate.contract.ContractViolationException} listing every problem with its JSON pointer;
 * a body that is no JSON object is a {@code GatewayException}; {@code api} maps both.
 */
package io.infergate.contract;
