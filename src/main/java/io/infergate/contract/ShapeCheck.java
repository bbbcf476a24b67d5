package io.infergate.contract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a JSON-schema check of the vendor spec cannot say, walked over the body alongside the schema: fields the
 * contract does not define (the spec never sets {@code additionalProperties: false}, yet a misspelt field must not slip
 * past policy), and fields the descriptions call "(mandatory)". Types, including that of untyped {@code allOf}
 * compositions whose members say {@code type: object}, are the schema check's.
 * <p>
 * The walk visits each value of the body once; the messages, the only costly part, are bounded by {@link Violations}
 * and {@link FieldHints}.
 */
final class ShapeCheck {

    static final String UNKNOWN_FIELD = "unknown-field";
    static final String MANDATORY = "field.mandatory";
    static final String CASE_VARIANT = "field.case-variant";

    private final Shape create;
    private final Shape patch;
    private final boolean rejectUnknown;
    private final FieldHints hints;

    ShapeCheck(VendorSpec spec, boolean rejectUnknown) {
        this.create = Shape.of(spec, spec.schema("DistributedInferenceCreationRequest"));
        this.patch = Shape.of(spec, spec.schema("UpdateRequest"));
        this.rejectUnknown = rejectUnknown;
        Map<String, String> homes = new HashMap<>();
        indexHomes(create, "", homes);
        this.hints = new FieldHints(homes);
    }

    /** Every field name of the create contract, with where it first appears, for fields put at the wrong level. */
    private static void indexHomes(Shape shape, String path, Map<String, String> homes) {
        shape.fields().forEach((name, child) -> {
            homes.putIfAbsent(name.toLowerCase(Locale.ROOT), path.isEmpty() ? name : path + "." + name);
            indexHomes(child, path.isEmpty() ? name : path + "." + name, homes);
        });
        if (shape.items() != null) {
            indexHomes(shape.items(), path + "[]", homes);
        }
    }

    /**
     * @return every violation of a create body, for tests
     */
    List<Violation> create(JsonNode body) {
        return all(body, create);
    }

    /**
     * @return every violation of a patch body, for tests
     */
    List<Violation> patch(JsonNode body) {
        return all(body, patch);
    }

    /**
     * @throws Violations.Overflow when {@code found} fills up
     */
    void create(JsonNode body, Violations found) {
        walk(body, create, "", found);
    }

    /**
     * @throws Violations.Overflow when {@code found} fills up
     */
    void patch(JsonNode body, Violations found) {
        walk(body, patch, "", found);
    }

    private List<Violation> all(JsonNode body, Shape shape) {
        Violations found = Violations.unbounded();
        walk(body, shape, "", found);
        return new ArrayList<>(found.list());
    }

    private void walk(JsonNode value, Shape shape, String pointer, Violations found) {
        if (shape.objectLike() && value.isObject()) {
            walkObject(value, shape, pointer, found);
        } else if (shape.items() != null && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                // only a container can hold a violation of its own; a wrong scalar is the schema check's
                if (element.isContainerNode()) {
                    walk(element, shape.items(), Pointers.child(pointer, i), found);
                }
            }
        }
    }

    /**
     * A field forwarded as unknown that differs from a known one only in letter case would be read as that field by a
     * control plane that matches names regardless of case, unchecked and past policy: it is refused even when unknown
     * fields are forwarded.
     */
    private static void caseVariant(String name, Shape shape, String pointer, Violations found) {
        String known = shape.caseVariantOf(name);
        if (known != null) {
            found.add(new Violation(Pointers.child(pointer, name), CASE_VARIANT, "Field '" + name + "' differs from '"
                    + known + "' only in letter case, so a control plane that matches names regardless of case would"
                    + " read it as " + known + ", unchecked: write " + known + "."));
        }
    }

    private void walkObject(JsonNode object, Shape shape, String pointer, Violations found) {
        object.fields().forEachRemaining(field -> {
            Shape child = shape.fields().get(field.getKey());
            if (child != null) {
                // as for array elements: only a container is walked, so only a container needs its pointer
                if (field.getValue().isContainerNode()) {
                    walk(field.getValue(), child, Pointers.child(pointer, field.getKey()), found);
                }
            } else if (rejectUnknown) {
                found.ensureRoom();
                found.add(new Violation(Pointers.child(pointer, field.getKey()), UNKNOWN_FIELD,
                        hints.unknown(field.getKey(), shape.fields().keySet())));
            } else {
                caseVariant(field.getKey(), shape, pointer, found);
            }
        });
        boolean excluded = excluded(object);
        for (String name : shape.mandatory()) {
            if (lacks(object, name, excluded)) {
                found.add(new Violation(Pointers.child(pointer, name), MANDATORY, name + " is mandatory here."));
            }
        }
    }

    /**
     * @return whether {@code object} is an item marked exclude, which only names an inherited policy item to drop and
     *         need not be complete
     */
    static boolean excluded(JsonNode object) {
        return object.path("exclude").asBoolean(false);
    }

    /**
     * @param excluded whether {@code object} is {@link #excluded}
     * @return whether {@code object} lacks the mandatory field {@code name}
     */
    static boolean lacks(JsonNode object, String name, boolean excluded) {
        JsonNode value = object.get(name);
        return (value == null || value.isNull()) && (!excluded || "name".equals(name));
    }
}
