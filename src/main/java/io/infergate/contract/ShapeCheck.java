package io.infergate.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.text.similarity.LevenshteinDistance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a JSON-schema check of the vendor spec cannot say, walked over the body alongside the schema: fields the
 * contract does not define (the spec never sets {@code additionalProperties: false}, yet a misspelt field must not slip
 * past policy), and fields the descriptions call "(mandatory)". Types, including that of untyped {@code allOf}
 * compositions whose members say {@code type: object}, are the schema check's.
 */
final class ShapeCheck {

    static final String UNKNOWN_FIELD = "unknown-field";
    static final String MANDATORY = "field.mandatory";
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private final Shape create;
    private final Shape patch;
    private final boolean rejectUnknown;
    /** Every field name of the create contract, with where it first appears, for fields put at the wrong level. */
    private final Map<String, String> homes = new HashMap<>();

    ShapeCheck(VendorSpec spec, boolean rejectUnknown) {
        this.create = Shape.of(spec, spec.schema("DistributedInferenceCreationRequest"));
        this.patch = Shape.of(spec, spec.schema("UpdateRequest"));
        this.rejectUnknown = rejectUnknown;
        indexHomes(create, "");
    }

    private void indexHomes(Shape shape, String path) {
        shape.fields().forEach((name, child) -> {
            homes.putIfAbsent(name.toLowerCase(Locale.ROOT), path.isEmpty() ? name : path + "." + name);
            indexHomes(child, path.isEmpty() ? name : path + "." + name);
        });
        if (shape.items() != null) {
            indexHomes(shape.items(), path + "[]");
        }
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
                found.add(new Violation(at, UNKNOWN_FIELD, unknown(field.getKey(), shape.fields(), homes)));
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

    private static String unknown(String name, Map<String, Shape> known, Map<String, String> homes) {
        String lower = name.toLowerCase(Locale.ROOT);
        Optional<String> closest = known.keySet()
                .stream()
                .min(Comparator.comparingInt((String candidate) -> distance(candidate, lower))
                        .thenComparing(Comparator.naturalOrder()))
                .filter(candidate -> distance(candidate, lower) <= Math.max(2, name.length() / 3));
        String hint = closest.map(candidate -> " Did you mean '" + candidate + "'?")
                .or(() -> Optional.ofNullable(homes.get(lower)).map(home -> " '" + name + "' belongs at " + home + "."))
                .orElse(known.isEmpty() ? "" : " Known fields here: " + String.join(", ", known.keySet()) + ".");
        return "Unknown field '" + name + "': the Run:ai contract does not define it here." + hint;
    }

    private static int distance(String candidate, String lowerName) {
        return DISTANCE.apply(candidate.toLowerCase(Locale.ROOT), lowerName);
    }
}
