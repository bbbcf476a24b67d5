package io.infergate.contract;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.networknt.schema.regex.JoniRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;

/**
 * The vendor request schemas compiled at startup into plain checks that answer one question in a few microseconds:
 * would the schema library ({@link SchemaCheck}) and {@link ShapeCheck} surely find nothing wrong with this body? A
 * body that passes needs neither; any other body goes to both, which alone say what is wrong and in which words. The
 * library was a third of a create's CPU and the shape walk a tenth (bench/README.md), and almost every create passes.
 * <p>
 * It may only err towards the full check: it passes a value only where it is certain the library would, and is
 * stricter wherever that is cheaper than being exact. So an integer written as {@code 1.0}, a {@code null} under an
 * {@code enum} or anywhere a schema with a type is not {@code nullable}, a number past a long or with many digits, an
 * unknown field (even where unknown fields are forwarded), and a keyword or format it does not know all go to the full
 * check. Everything it passes, it checks as the library does: {@code pattern} with the library's own Joni expression
 * (unanchored, so a pattern such as {@code .*} that matches the empty string without any anchor or escape matches
 * every string and is not run), lengths in code points, {@code required} by presence, bounds exactly; and the shape's
 * own rules ({@link ShapeCheck#lacks}). Each value's schemas are merged once, at startup: its {@code $ref} target and
 * {@code allOf} members, so a body's field is looked up once. {@code SchemaFastPathTest}, {@code SpecMutationTest} and
 * {@code ContractFuzzTest} compare it with the library and the shape check on every case they make.
 */
final class SchemaFastPath {

    /** Keywords that constrain nothing in the OpenAPI 3.0 dialect. */
    private static final Set<String> ANNOTATIONS = Set.of("description", "default", "example", "title",
            "deprecated", "externalDocs", "xml");
    /** Formats the library does not know, which it does not check. */
    private static final Set<String> UNCHECKED_FORMATS = Set.of("double", "float");
    /** Past these, a number goes to the library, so that no rounding on either side can make the two disagree. */
    private static final int ORDINARY_PRECISION = 15;
    private static final int ORDINARY_SCALE = 30;

    private final Position create;
    private final Position patch;

    SchemaFastPath(VendorSpec spec) {
        Compiler compiler = new Compiler(spec);
        JsonNode createSchema = spec.schema("DistributedInferenceCreationRequest");
        JsonNode patchSchema = spec.schema("UpdateRequest");
        this.create = compiler.compile(List.of(createSchema), Shape.of(spec, createSchema), 0);
        this.patch = compiler.compile(List.of(patchSchema), Shape.of(spec, patchSchema), 0);
    }

    /**
     * @return whether the create body surely keeps to the schema and the shape; {@code false} means "check in full"
     */
    boolean create(JsonNode body) {
        return create.passes(body);
    }

    /**
     * @return whether the patch body surely keeps to the schema and the shape; {@code false} means "check in full"
     */
    boolean patch(JsonNode body) {
        return patch.passes(body);
    }

    private enum Type {
        STRING,
        INTEGER,
        NUMBER,
        BOOLEAN,
        OBJECT,
        ARRAY;

        /**
         * @return the type of that name, or {@code null} for a name the OpenAPI 3.0 dialect does not have
         */
        static Type of(String name) {
            for (Type type : values()) {
                if (type.name().equalsIgnoreCase(name)) {
                    return type;
                }
            }
            return null;
        }

        /**
         * @param kind {@code value}'s node type, read once for all the checks of a place
         */
        boolean holds(JsonNode value, JsonNodeType kind) {
            return switch (this) {
                case STRING -> kind == JsonNodeType.STRING;
                // 1.0 is an integer to some drafts and not to others: the library decides
                case INTEGER -> kind == JsonNodeType.NUMBER && value.isIntegralNumber();
                case NUMBER -> kind == JsonNodeType.NUMBER;
                case BOOLEAN -> kind == JsonNodeType.BOOLEAN;
                case OBJECT -> kind == JsonNodeType.OBJECT;
                case ARRAY -> kind == JsonNodeType.ARRAY;
            };
        }
    }

    private enum Format {
        NONE,
        INT32,
        INT64,
        UUID,
        HOSTNAME;

        /**
         * @return the format of that name, or {@code null} for one the fast path leaves to the library
         */
        static Format of(String name) {
            if (name == null || UNCHECKED_FORMATS.contains(name)) {
                return NONE;
            }
            return switch (name) {
                case "int32" -> INT32;
                case "int64" -> INT64;
                case "uuid" -> UUID;
                case "hostname" -> HOSTNAME;
                default -> null;
            };
        }
    }

    /**
     * What one schema of the document says of a value itself; {@code pattern} is {@code null} where it matches every
     * string.
     */
    private record Leaf(Type type, boolean nullable, Set<String> enumeration, int minLength, int maxLength,
            RegularExpression pattern, Format format, BigDecimal minimum, BigDecimal maximum, int minItems,
            int maxItems) {

        boolean passes(JsonNode value, JsonNodeType kind) {
            if (kind == JsonNodeType.NULL) {
                return (type == null || nullable) && enumeration == null;
            }
            if (type != null && !type.holds(value, kind)) {
                return false;
            }
            if (enumeration != null && !(kind == JsonNodeType.STRING && enumeration.contains(value.textValue()))) {
                return false;
            }
            return switch (kind) {
                case STRING -> text(value.textValue());
                case NUMBER -> number(value);
                case ARRAY -> value.size() >= minItems && (maxItems < 0 || value.size() <= maxItems);
                default -> true;
            };
        }

        private boolean text(String text) {
            int length = text.length();
            // more chars than code points only with surrogate pairs, and at most twice as many: count them only when
            // that could matter
            if (maxLength >= 0 && length > maxLength && text.codePointCount(0, length) > maxLength) {
                return false;
            }
            if (minLength > 0 && (length < minLength
                    || (length < 2 * minLength && text.codePointCount(0, length) < minLength))) {
                return false;
            }
            if (pattern != null && !pattern.matches(text)) {
                return false;
            }
            if (format == Format.UUID) {
                return uuid(text);
            }
            return format != Format.HOSTNAME || hostname(text);
        }

        private boolean number(JsonNode value) {
            if (!ordinary(value)) {
                return false;
            }
            if (format == Format.INT32 || format == Format.INT64) {
                if (!(format == Format.INT32 ? IntegerFormat.INT32 : IntegerFormat.INT64).holds(value)) {
                    return false;
                }
            } else if (format != Format.NONE) {
                return false;
            }
            if (minimum == null && maximum == null) {
                return true;
            }
            BigDecimal number = value.decimalValue();
            return (minimum == null || number.compareTo(minimum) >= 0)
                    && (maximum == null || number.compareTo(maximum) <= 0);
        }
    }

    /**
     * A place in a body: every schema that applies there merged (its leaves, the union of their {@code required}, each
     * field's merged position, the merged position of array items), with the shape of that place.
     */
    private record Position(boolean known, List<Leaf> leaves, List<String> required, Map<String, Position> fields,
            Position items, Shape shape) {

        boolean passes(JsonNode value) {
            if (!known) {
                return false;
            }
            JsonNodeType kind = value.getNodeType();
            for (int i = 0; i < leaves.size(); i++) {
                if (!leaves.get(i).passes(value, kind)) {
                    return false;
                }
            }
            if (kind == JsonNodeType.OBJECT) {
                return object(value);
            }
            if (kind == JsonNodeType.ARRAY && items != null) {
                for (int i = 0; i < value.size(); i++) {
                    if (!items.passes(value.get(i))) {
                        return false;
                    }
                }
            }
            return true;
        }

        private boolean object(JsonNode value) {
            for (int i = 0; i < required.size(); i++) {
                if (!value.has(required.get(i))) {
                    return false;
                }
            }
            if (!shape.objectLike()) {
                return true;
            }
            for (Iterator<Map.Entry<String, JsonNode>> members = value.fields(); members.hasNext();) {
                Map.Entry<String, JsonNode> member = members.next();
                Position field = fields.get(member.getKey());
                // an unknown field, refused or forwarded, is the full check's to name
                if (field == null || !field.passes(member.getValue())) {
                    return false;
                }
            }
            if (!shape.mandatory().isEmpty()) {
                boolean excluded = ShapeCheck.excluded(value);
                for (String name : shape.mandatory()) {
                    if (ShapeCheck.lacks(value, name, excluded)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /**
     * A number far from what a body holds goes to the library: only longs, and decimals with few digits and a small
     * scale, are compared here.
     */
    private static boolean ordinary(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToLong();
        }
        BigDecimal decimal = value.decimalValue();
        return decimal.precision() <= ORDINARY_PRECISION && Math.abs(decimal.scale()) <= ORDINARY_SCALE;
    }

    /** The library's {@code uuid}: 8-4-4-4-12 hexadecimal digits. */
    private static boolean uuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
                return false;
            }
        }
        return true;
    }

    /**
     * The library's {@code hostname}, strictly: dot-separated labels of 1 to 63 ASCII letters, digits and hyphens, no
     * label starting or ending with a hyphen, nothing else (not even the trailing line break a {@code $} may allow).
     */
    private static boolean hostname(String text) {
        int label = 0;
        char previous = '.';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (label == 0 || previous == '-') {
                    return false;
                }
                label = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c == '-' && label > 0)) {
                if (++label > 63) {
                    return false;
                }
            } else {
                return false;
            }
            previous = c;
        }
        return label > 0 && previous != '-';
    }

    /**
     * Merges the schemas that apply at each place of a body and compiles what they say.
     */
    private static final class Compiler {

        private final VendorSpec spec;

        Compiler(VendorSpec spec) {
            this.spec = spec;
        }

        Position compile(List<JsonNode> schemas, Shape shape, int depth) {
            if (shape == null) {
                // a field only a reference's sibling declares, which the shape does not know: the full check's
                return new Position(false, List.of(), List.of(), Map.of(), null, null);
            }
            List<JsonNode> parts = new ArrayList<>();
            schemas.forEach(schema -> expand(schema, parts, depth));
            boolean known = true;
            List<Leaf> leaves = new ArrayList<>();
            List<String> required = new ArrayList<>();
            Map<String, List<JsonNode>> fieldSchemas = new LinkedHashMap<>();
            List<JsonNode> itemSchemas = new ArrayList<>();
            for (JsonNode part : parts) {
                known &= part.isObject();
                for (Iterator<String> keywords = part.fieldNames(); keywords.hasNext();) {
                    known &= understood(keywords.next());
                }
                Leaf leaf = leaf(part);
                known &= leaf != null;
                if (leaf != null && !leaf.equals(NOTHING)) {
                    leaves.add(leaf);
                }
                part.path("required").forEach(name -> required.add(name.asText()));
                part.path("properties").fields().forEachRemaining(property -> fieldSchemas
                        .computeIfAbsent(property.getKey(), name -> new ArrayList<>()).add(property.getValue()));
                if (part.has("items")) {
                    itemSchemas.add(part.get("items"));
                }
            }
            Map<String, Position> fields = new HashMap<>();
            fieldSchemas.forEach((name, site) -> fields.put(name, compile(site, shape.fields().get(name), depth + 1)));
            Position items = itemSchemas.isEmpty() ? null : compile(itemSchemas, shape.items(), depth + 1);
            // a HashMap, never changed after this: its lookup is cheaper than an immutable map's probing (JFR, create)
            return new Position(known, List.copyOf(leaves), List.copyOf(required), fields, items, shape);
        }

        /**
         * Adds the schema and every schema it stands for: its {@code $ref} followed, its {@code allOf} members. OpenAPI
         * 3.0 ignores a reference's siblings; checking them as well can only send more to the full check.
         */
        private void expand(JsonNode schema, List<JsonNode> parts, int depth) {
            VendorSpec.requireDepth(depth, "");
            parts.add(schema);
            if (schema.has("$ref")) {
                expand(spec.resolve(schema), parts, depth + 1);
            }
            for (JsonNode member : schema.path("allOf")) {
                expand(member, parts, depth + 1);
            }
        }

        private static final Leaf NOTHING = new Leaf(null, false, null, 0, -1, null, Format.NONE, null, null, 0, -1);

        /**
         * @return what the schema says of a value itself, or {@code null} where it says something the fast path leaves
         *         to the library
         */
        private static Leaf leaf(JsonNode schema) {
            String typeName = schema.path("type").asText(null);
            Type type = Type.of(typeName);
            Format format = Format.of(schema.path("format").asText(null));
            Set<String> enumeration = null;
            if (schema.has("enum")) {
                List<String> values = new ArrayList<>();
                for (JsonNode value : schema.get("enum")) {
                    if (!value.isTextual()) {
                        return null;
                    }
                    values.add(value.textValue());
                }
                enumeration = Set.copyOf(values);
            }
            if ((typeName != null && type == null) || format == null) {
                return null;
            }
            String pattern = schema.path("pattern").asText(null);
            RegularExpression expression = pattern == null ? null
                    : JoniRegularExpressionFactory.getInstance().getRegularExpression(pattern);
            return new Leaf(type, schema.path("nullable").asBoolean(false), enumeration,
                    schema.path("minLength").asInt(0), schema.path("maxLength").asInt(-1),
                    expression == null || matchesEverything(pattern, expression) ? null : expression, format,
                    decimal(schema.get("minimum")), decimal(schema.get("maximum")), schema.path("minItems").asInt(0),
                    schema.path("maxItems").asInt(-1));
        }

        /**
         * An unanchored pattern without anchors, escapes or groups (so without look-arounds) that matches the empty
         * string matches every string: at its first position.
         */
        private static boolean matchesEverything(String pattern, RegularExpression expression) {
            return pattern.chars().noneMatch(c -> "^$\\(".indexOf(c) >= 0) && expression.matches("");
        }

        private static boolean understood(String keyword) {
            return ANNOTATIONS.contains(keyword) || switch (keyword) {
                case "$ref", "allOf", "type", "nullable", "enum", "minLength", "maxLength", "pattern", "format",
                        "minimum", "maximum", "minItems", "maxItems", "required", "properties", "items" ->
                    true;
                default -> false;
            };
        }

        private static BigDecimal decimal(JsonNode bound) {
            return bound == null ? null : bound.decimalValue();
        }
    }
}
