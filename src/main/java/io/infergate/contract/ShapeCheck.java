package io.infergate.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.text.similarity.LevenshteinDistance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a JSON-schema check of the vendor spec cannot say, walked over the body alongside the schema: fields the
 * contract does not define (the spec never sets {@code additionalProperties: false}, yet a misspelt field must not slip
 * past policy), fields the descriptions call "(mandatory)", and a non-object where the spec's untyped {@code allOf}
 * schemas describe one.
 */
final class ShapeCheck {

    static final String UNKNOWN_FIELD = "unknown-field";
    static final String MANDATORY = "field.mandatory";
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private final Shape create;
    private final Shape patch;
    private final boolean rejectUnknown;

    ShapeCheck(VendorSpec spec, boolean rejectUnknown) {
        this.create = Shape.of(spec, spec.schema("DistributedInferenceCreationRequest"));
        this.patch = Shape.of(spec, spec.schema("UpdateRequest"));
        this.rejectUnknown = rejectUnknown;
    }

    List<Violation> create(JsonNode body) {
        List<Violation> found = new ArrayList<>();
        walk(body, create, "", found);
        return found;
    }

    List<Violation> patch(JsonNode body) {
        List<Violation> found = new ArrayList<>();
        walk(body, patch, "", found);
        return found;
    }

    private void walk(JsonNode value, Shape shape, String pointer, List<Violation> found) {
        if (shape.objectLike() && value.isObject()) {
            walkObject(value, shape, pointer, found);
        } else if (shape.objectLike() && !value.isNull() && !shape.typed()) {
            found.add(new Violation(pointer, "schema.type", "Must be an object, not " + kind(value) + "."));
        } else if (shape.items() != null && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                walk(value.get(i), shape.items(), Pointers.child(pointer, i), found);
            }
        }
    }

    private void walkObject(JsonNode object, Shape shape, String pointer, List<Violation> found) {
        object.fields().forEachRemaining(field -> {
            Shape child = shape.fields().get(field.getKey());
            String at = Pointers.child(pointer, field.getKey());
            if (child != null) {
                walk(field.getValue(), child, at, found);
            } else if (rejectUnknown) {
                found.add(new Violation(at, UNKNOWN_FIELD, unknown(field.getKey(), shape.fields())));
            }
        });
        // An item marked exclude only names an inherited policy item to drop; it need not be complete.
        boolean excluded = object.path("exclude").asBoolean(false);
        for (String name : shape.mandatory()) {
            JsonNode value = object.get(name);
            if ((value == null || value.isNull()) && (!excluded || "name".equals(name))) {
                found.add(new Violation(Pointers.child(pointer, name), MANDATORY, name + " is mandatory here."));
            }
        }
    }

    private static String unknown(String name, Map<String, Shape> known) {
        Optional<String> closest = known.keySet()
                .stream()
                .min(Comparator.comparingInt((String candidate) -> DISTANCE.apply(candidate.toLowerCase(),
                        name.toLowerCase())).thenComparing(Comparator.naturalOrder()));
        String hint = closest.filter(candidate -> DISTANCE.apply(candidate.toLowerCase(), name.toLowerCase()) <= Math
                .max(2, name.length() / 3))
                .map(candidate -> " Did you mean '" + candidate + "'?")
                .orElse(known.isEmpty() ? "" : " Known fields here: " + String.join(", ", known.keySet()) + ".");
        return "Unknown field '" + name + "': the Run:ai contract does not define it." + hint;
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase();
    }
}
