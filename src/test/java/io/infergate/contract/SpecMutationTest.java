package io.infergate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Walks the bundled vendor spec alongside a valid maximal body and, for every constraint the spec states at every
 * field, breaks exactly that constraint and expects the violation at that field with that rule. Nothing here lists
 * fields or limits by hand: a new constraint in the spec is a new test.
 */
class SpecMutationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final VendorSpec SPEC = VendorSpec.bundled();
    private static final ContractValidator VALIDATOR = new ContractValidator(TestContractConfig.defaults());
    private static final SchemaCheck LIBRARY = new SchemaCheck(SPEC);
    private static final ShapeCheck SHAPE = new ShapeCheck(SPEC, true);
    private static final SchemaFastPath FAST_PATH = new SchemaFastPath(SPEC);
    private static final String PATCH = "{\"spec\":{\"replicas\":3}}";

    @Test
    void shouldAcceptTheMaximalBodies() {
        assertThatCode(() -> VALIDATOR.checkCreate(maximal())).doesNotThrowAnyException();
        assertThatCode(() -> VALIDATOR.checkCreate(alternative())).doesNotThrowAnyException();
        assertThatCode(() -> VALIDATOR.checkPatch(read(PATCH))).doesNotThrowAnyException();
    }

    @Test
    void shouldCoverEveryFieldOfTheContractWithTheMaximalBodies() {
        // Given every field the create schema defines, at any depth
        Set<String> defined = new TreeSet<>();
        fieldsOf(SPEC.schema("DistributedInferenceCreationRequest"), "", defined, 0);

        // When the maximal bodies are walked
        Set<String> present = new TreeSet<>();
        presentIn(maximal(), "", present);
        presentIn(alternative(), "", present);

        // Then each one appears, so the mutations below reach every constraint
        assertThat(present).containsAll(defined);
    }

    @TestFactory
    Stream<DynamicTest> shouldRejectEveryConstraintOfTheCreateSchema() {
        Map<String, DynamicTest> tests = new LinkedHashMap<>();
        mutations(maximal(), SPEC.schema("DistributedInferenceCreationRequest"), "", tests, true);
        mutations(alternative(), SPEC.schema("DistributedInferenceCreationRequest"), "", tests, true);
        assertThat(tests).hasSizeGreaterThan(500);
        return tests.values().stream();
    }

    @TestFactory
    Stream<DynamicTest> shouldRejectEveryConstraintOfThePatchSchema() {
        Map<String, DynamicTest> tests = new LinkedHashMap<>();
        mutations(read(PATCH), SPEC.schema("UpdateRequest"), "", tests, false);
        assertThat(tests).isNotEmpty();
        return tests.values().stream();
    }

    /**
     * Adds a test per constraint of every field of {@code value} (and, recursively, of its children).
     */
    private void mutations(JsonNode value, JsonNode schema, String pointer, Map<String, DynamicTest> tests, boolean create) {
        Merged merged = Merged.of(SPEC, schema);
        if (value.isObject()) {
            add(tests, test(pointer + "/zzUnknownField", "unknown-field", create,
                    root -> ((ObjectNode) root.at(pointer)).put("zzUnknownField", 1)));
            for (String required : merged.required()) {
                add(tests, test(pointer + "/" + required, "schema.required", create,
                        root -> ((ObjectNode) root.at(pointer)).remove(required)));
            }
            for (Map.Entry<String, JsonNode> field : merged.properties().entrySet()) {
                JsonNode child = value.get(field.getKey());
                if (child == null) {
                    continue;
                }
                String at = pointer + "/" + field.getKey();
                JsonNode site = field.getValue();
                if (mandatory(site)) {
                    add(tests, test(at, ShapeCheck.MANDATORY, create, root -> ((ObjectNode) root.at(pointer))
                            .remove(field.getKey())));
                }
                leafMutations(at, Merged.of(SPEC, site), tests, create);
                mutations(child, site, at, tests, create);
            }
        } else if (value.isArray() && merged.items() != null) {
            for (int i = 0; i < value.size(); i++) {
                mutations(value.get(i), merged.items(), pointer + "/" + i, tests, create);
            }
        }
    }

    private static void add(Map<String, DynamicTest> tests, DynamicTest test) {
        tests.putIfAbsent(test.getDisplayName(), test);
    }

    private static boolean mandatory(JsonNode site) {
        return site.path("description").asText("").contains("(mandatory)")
                || SPEC.resolve(site).path("description").asText("").contains("(mandatory)");
    }

    private void leafMutations(String at, Merged schema, Map<String, DynamicTest> tests, boolean create) {
        String type = schema.text("type");
        if (type != null) {
            add(tests, replace(at, "schema.type", wrongType(type), create));
            if (!schema.bool("nullable")) {
                add(tests, replace(at, "schema.type", NODES.nullNode(), create));
            }
        }
        if ("integer".equals(type)) {
            add(tests, replace(at, "schema.type", NODES.numberNode(new BigDecimal("1.5")), create));
        }
        if (schema.has("enum")) {
            add(tests, replace(at, "schema.enum", NODES.textNode("NotAValueOfThisEnum"), create));
        }
        if (schema.has("minLength") && schema.integer("minLength") > 0) {
            add(tests, replace(at, "schema.minLength", NODES.textNode("0".repeat(schema.integer("minLength") - 1)),
                    create));
        }
        if (schema.has("maxLength")) {
            add(tests, replace(at, "schema.maxLength", NODES.textNode("a".repeat(schema.integer("maxLength") + 1)),
                    create));
        }
        if (schema.has("pattern")) {
            Patterns.nonMatching(schema.text("pattern"), schema.has("minLength") ? schema.integer("minLength") : 0,
                    schema.has("maxLength") ? schema.integer("maxLength") : Integer.MAX_VALUE)
                    .ifPresent(bad -> add(tests, replace(at, "schema.pattern", NODES.textNode(bad), create)));
        }
        if (schema.has("minimum")) {
            add(tests, replace(at, "schema.minimum", NODES.numberNode(schema.number("minimum").subtract(
                    BigDecimal.ONE)), create));
        }
        if (schema.has("maximum")) {
            add(tests, replace(at, "schema.maximum", NODES.numberNode(schema.number("maximum").add(
                    BigDecimal.ONE)), create));
        }
        if (schema.has("maxItems")) {
            add(tests, test(at, "schema.maxItems", create, root -> {
                ArrayNode array = (ArrayNode) root.at(at);
                JsonNode first = array.get(0);
                while (array.size() <= schema.integer("maxItems")) {
                    array.add(first.deepCopy());
                }
            }));
        }
        String format = schema.text("format");
        JsonNode outOfFormat = format == null ? null : Patterns.outOfFormat(format);
        if (outOfFormat != null) {
            add(tests, replace(at, "schema.format." + format, outOfFormat, create));
        }
    }

    private static JsonNode wrongType(String type) {
        return switch (type) {
            case "string" -> NODES.numberNode(42);
            case "integer", "number" -> NODES.textNode("42");
            case "boolean" -> NODES.textNode("true");
            case "array" -> NODES.objectNode().put("item", 1);
            default -> NODES.textNode("not an object");
        };
    }

    private DynamicTest replace(String at, String rule, JsonNode replacement, boolean create) {
        String parent = at.substring(0, at.lastIndexOf('/'));
        String name = at.substring(at.lastIndexOf('/') + 1);
        return test(at, rule, create, root -> {
            JsonNode container = root.at(parent);
            if (container.isArray()) {
                ((ArrayNode) container).set(Integer.parseInt(name), replacement);
            } else {
                ((ObjectNode) container).set(name, replacement);
            }
        });
    }

    private DynamicTest test(String pointer, String rule, boolean create, Consumer<JsonNode> mutation) {
        String shown = (create ? "create " : "patch ") + pointer + " breaks " + rule;
        return DynamicTest.dynamicTest(shown, () -> {
            JsonNode body = create ? maximal() : read(PATCH);
            if (create && body.at(pointer).isMissingNode() && !alternative().at(pointer).isMissingNode()) {
                body = alternative();
            }
            mutation.accept(body);
            JsonNode mutated = body;
            ContractViolationException rejected = catchThrowableOfType(ContractViolationException.class,
                    () -> check(mutated, create));
            assertThat(rejected).as("rejected").isNotNull();
            assertThat(rejected.violations()).extracting(Violation::pointer, Violation::rule)
                    .contains(tuple(pointer, rule));
            if (rule.startsWith("schema.")) {
                assertReadsAsOneSentenceNamingTheField(rejected.violations(), pointer, rule);
            }
            // the fast path passes none of them, as neither the schema library nor the shape check would
            assertThat(create ? FAST_PATH.create(mutated) : FAST_PATH.patch(mutated)).as("fast path")
                    .isEqualTo((create ? LIBRARY.create(mutated) : LIBRARY.patch(mutated)).isEmpty()
                            && (create ? SHAPE.create(mutated) : SHAPE.patch(mutated)).isEmpty());
        });
    }

    /**
     * A schema violation's message is one sentence that starts with the name of the field it is about ("replicas must
     * be at most 1000."), not a fragment of the library's message bundle.
     */
    private static void assertReadsAsOneSentenceNamingTheField(List<Violation> violations, String pointer,
            String rule) {
        String message = violations.stream()
                .filter(violation -> violation.pointer().equals(pointer) && violation.rule().equals(rule))
                .findFirst()
                .orElseThrow()
                .message();
        String[] segments = pointer.split("/");
        String field = Stream.of(segments).filter(segment -> !segment.matches("[0-9]+")).reduce((a, b) -> b).orElseThrow();
        assertThat(message).as("message of %s at %s", rule, pointer)
                .startsWith(field + " ")
                .endsWith(".")
                .doesNotContain("pattern must", "  ");
        assertThat(message.substring(0, message.length() - 1)).as("one sentence: %s", message).doesNotContain(". ");
    }

    private static void check(JsonNode body, boolean create) {
        if (create) {
            VALIDATOR.checkCreate(body);
        } else {
            VALIDATOR.checkPatch(body);
        }
    }

    private static void fieldsOf(JsonNode schema, String path, Set<String> out, int depth) {
        Merged merged = Merged.of(SPEC, schema);
        if (depth > 30) {
            return;
        }
        merged.properties().forEach((name, site) -> {
            out.add(path + "/" + name);
            fieldsOf(site, path + "/" + name, out, depth + 1);
        });
        if (merged.items() != null) {
            fieldsOf(merged.items(), path + "/*", out, depth + 1);
        }
    }

    private static void presentIn(JsonNode value, String path, Set<String> out) {
        if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.add(path + "/" + field.getKey());
                presentIn(field.getValue(), path + "/" + field.getKey(), out);
            }
        } else if (value.isArray()) {
            value.forEach(element -> presentIn(element, path + "/*", out));
        }
    }

    static ObjectNode maximal() {
        try (InputStream in = SpecMutationTest.class.getResourceAsStream("/contract/maximal-create.json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The maximal body cannot hold fields that exclude each other; this variant holds the alternatives: authorised
     * groups instead of users, and the leader's and worker's GPU request types swapped.
     */
    static ObjectNode alternative() {
        ObjectNode body = maximal();
        ObjectNode servingPort = (ObjectNode) body.at("/spec/servingPort");
        servingPort.remove("authorizedUsers");
        servingPort.put("authorizationType", "authorizedGroups");
        servingPort.putArray("authorizedGroups").add("ml-platform").add("inference-oncall");
        JsonNode leaderCompute = body.at("/spec/leader/compute");
        ObjectNode spec = (ObjectNode) body.get("spec");
        ((ObjectNode) spec.get("leader")).set("compute", body.at("/spec/worker/compute"));
        ((ObjectNode) spec.get("worker")).set("compute", leaderCompute);
        return body;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
