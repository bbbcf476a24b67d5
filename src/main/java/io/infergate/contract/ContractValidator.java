package io.infergate.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.Startup;

/**
 * Checks create and patch bodies against the vendor contract in one pass, reporting every problem at once: the schema
 * of the bundled spec ({@link SchemaCheck}), what the schema leaves out (unknown and "(mandatory)" fields,
 * {@link ShapeCheck}), and the cross-field rules the field descriptions state ({@link SemanticRules}). Everything is
 * compiled once, at startup. The first two run only for a body that {@link SchemaFastPath} cannot pass: the usual body
 * is judged by it and the semantic rules alone.
 * <p>
 * "Every problem" is bounded: the layers report into one {@link Violations}, and the check ends at the first problem
 * past {@code infergate.contract.max-violations}, which a 400 would not list anyway. So a body with a hundred thousand
 * problems costs what one with a hundred does, on the event loop that runs the check.
 */
@Startup
@Singleton
public class ContractValidator {

    private final SchemaCheck schema;
    private final SchemaFastPath fastPath;
    private final SchemaRecheck recheck;
    private final ShapeCheck shape;
    private final SemanticRules semantics;
    private final int maxViolations;

    /**
     * @param config how strict to be; public so that the simulated control plane checks bodies with this same validator
     */
    public ContractValidator(ContractConfig config) {
        VendorSpec spec = VendorSpec.bundled();
        this.schema = new SchemaCheck(spec);
        this.fastPath = new SchemaFastPath(spec);
        this.recheck = new SchemaRecheck(spec, schema);
        this.shape = new ShapeCheck(spec, config.unknownFields() == ContractConfig.UnknownFields.REJECT);
        this.semantics = new SemanticRules(config.dns1035Names());
        this.maxViolations = config.maxViolations();
    }

    /**
     * @param body a create request, already known to be a JSON object
     * @throws ContractViolationException listing the violations, when there is one
     */
    public void checkCreate(JsonNode body) {
        Violations found = new Violations(maxViolations);
        try {
            if (!fastPath.create(body)) {
                shape.create(body, found);
                schema.create(body, found);
            }
            semantics.check(body, found);
        } catch (Violations.Overflow full) {
            // the list holds as many as a 400 shows
        }
        throwIfAny(found);
    }

    /**
     * {@link #checkCreate} for a body derived from one that passed it (a policy merge): the same violations, with the
     * schema checked only where the two differ ({@link SchemaRecheck}).
     *
     * @param checked a create request that passed {@link #checkCreate}
     * @param changed that request changed
     * @throws ContractViolationException listing the violations of {@code changed}, when there is one
     */
    public void checkChanged(JsonNode checked, JsonNode changed) {
        Violations found = new Violations(maxViolations);
        try {
            if (!fastPath.create(changed)) {
                shape.create(changed, found);
                recheck.create(checked, changed, found);
            }
            semantics.check(changed, found);
        } catch (Violations.Overflow full) {
            // the list holds as many as a 400 shows
        }
        throwIfAny(found);
    }

    /**
     * @param body a patch request, already known to be a JSON object
     * @throws ContractViolationException listing the violations, when there is one
     */
    public void checkPatch(JsonNode body) {
        Violations found = new Violations(maxViolations);
        try {
            if (!fastPath.patch(body)) {
                shape.patch(body, found);
                schema.patch(body, found);
            }
        } catch (Violations.Overflow full) {
            // the list holds as many as a 400 shows
        }
        throwIfAny(found);
    }

    private static void throwIfAny(Violations found) {
        if (found.isEmpty()) {
            return;
        }
        List<Violation> sorted = new ArrayList<>(found.list());
        sorted.sort(Comparator.comparing(Violation::pointer));
        throw new ContractViolationException(sorted, found.complete());
    }
}
