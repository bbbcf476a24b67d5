package io.infergate.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.Startup;

/**
 * Checks create and patch bodies against the vendor contract in one pass, reporting every problem at once: the schema
 * of the bundled spec ({@link SchemaCheck}), what the schema leaves out (unknown and "(mandatory)" fields,
 * {@link ShapeCheck}), and the cross-field rules the field descriptions state ({@link SemanticRules}). Everything is
 * compiled once, at startup.
 */
@Startup
@Singleton
public class ContractValidator {

    private final SchemaCheck schema;
    private final SchemaRecheck recheck;
    private final ShapeCheck shape;
    private final SemanticRules semantics;

    ContractValidator(ContractConfig config) {
        VendorSpec spec = VendorSpec.bundled();
        this.schema = new SchemaCheck(spec);
        this.recheck = new SchemaRecheck(spec, schema);
        this.shape = new ShapeCheck(spec, config.unknownFields() == ContractConfig.UnknownFields.REJECT);
        this.semantics = new SemanticRules(config.dns1035Names());
    }

    /**
     * @param body a create request, already known to be a JSON object
     * @throws ContractViolationException listing every violation, when there is one
     */
    public void checkCreate(JsonNode body) {
        List<Violation> found = new ArrayList<>(shape.create(body));
        found.addAll(schema.create(body));
        found.addAll(semantics.check(body));
        throwIfAny(found);
    }

    /**
     * {@link #checkCreate} for a body derived from one that passed it (a policy merge): the same violations, with the
     * schema checked only where the two differ ({@link SchemaRecheck}).
     *
     * @param checked a create request that passed {@link #checkCreate}
     * @param changed that request changed
     * @throws ContractViolationException listing every violation of {@code changed}, when there is one
     */
    public void checkChanged(JsonNode checked, JsonNode changed) {
        List<Violation> found = new ArrayList<>(shape.create(changed));
        found.addAll(recheck.create(checked, changed));
        found.addAll(semantics.check(changed));
        throwIfAny(found);
    }

    /**
     * @param body a patch request, already known to be a JSON object
     * @throws ContractViolationException listing every violation, when there is one
     */
    public void checkPatch(JsonNode body) {
        List<Violation> found = new ArrayList<>(shape.patch(body));
        found.addAll(schema.patch(body));
        throwIfAny(found);
    }

    private static void throwIfAny(List<Violation> found) {
        if (found.isEmpty()) {
            return;
        }
        List<Violation> distinct = new ArrayList<>(new LinkedHashSet<>(found));
        distinct.sort(Comparator.comparing(Violation::pointer));
        throw new ContractViolationException(distinct);
    }
}
