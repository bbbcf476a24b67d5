package io.infergate.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.buffer.Buffer;

/**
 * The fast path never passes what the schema library or the shape check refuses, and passes what they accept except in
 * the few cases it leaves to them by design: every value of the maximal create bodies is replaced, one at a time, by
 * values near the original (one character more or less, another case, a line break, a character outside ASCII, the
 * number plus or minus one) and by values of every other kind, each read by the gateway's own parser, or removed, and
 * each body is judged by all three as a create and as a patch.
 */
class SchemaFastPathTest {

    private static final JsonBodies BODIES = new JsonBodies();

    private static final VendorSpec SPEC = VendorSpec.bundled();
    private static final SchemaCheck LIBRARY = new SchemaCheck(SPEC);
    private static final ShapeCheck SHAPE = new ShapeCheck(SPEC, true);
    private static final SchemaFastPath FAST = new SchemaFastPath(SPEC);
    /** The maximal create body as the gateway reads it (decimals as {@code BigDecimal}). */
    private static final ObjectNode MAXIMAL = (ObjectNode) parse(SpecMutationTest.maximal().toString());

    @Test
    void shouldPassTheBodiesACreateAndAPatchCarry() {
        // Given the maximal create bodies and a patch, all valid
        ObjectNode alternative = SpecMutationTest.alternative();

        // When the fast path judges them, Then it passes them without the library
        assertThat(FAST.create(MAXIMAL)).isTrue();
        assertThat(FAST.create(alternative)).isTrue();
        assertThat(FAST.patch(parse("{\"spec\":{\"replicas\":3}}"))).isTrue();
    }

    @Test
    void shouldNeverPassWhatTheFullCheckRefusesAndLeaveOnlyItsOwnCasesToIt() {
        List<ObjectNode> bodies = List.of(MAXIMAL, SpecMutationTest.alternative());
        int compared = 0;
        int refused = 0;
        List<String> falseAccepts = new ArrayList<>();
        Set<String> leftToLibrary = new LinkedHashSet<>();
        for (ObjectNode body : bodies) {
            for (String pointer : Slot.pointers(body)) {
                for (JsonNode replacement : replacements(body.at(pointer))) {
                    // Given the body with one value replaced, or removed
                    ObjectNode changed = body.deepCopy();
                    String shown;
                    if (replacement.isMissingNode()) {
                        new Slot(changed, pointer).remove();
                        shown = pointer + " removed";
                    } else {
                        new Slot(changed, pointer).set(replacement);
                        shown = pointer + " = " + replacement;
                    }

                    // When both judge it as a create and as a patch
                    boolean createValid = LIBRARY.create(changed).isEmpty() && SHAPE.create(changed).isEmpty();
                    boolean patchValid = LIBRARY.patch(changed).isEmpty() && SHAPE.patch(changed).isEmpty();
                    compared++;
                    refused += createValid ? 0 : 1;

                    // Then the fast path passes nothing they refuse
                    if (FAST.create(changed) && !createValid) {
                        falseAccepts.add("create " + shown);
                    }
                    if (FAST.patch(changed) && !patchValid) {
                        falseAccepts.add("patch " + shown);
                    }
                    // and what it leaves to the library, the library accepting it, is of the kinds it leaves by design
                    if ((createValid && !FAST.create(changed)) || (patchValid && !FAST.patch(changed))) {
                        leftToLibrary.add(shown);
                        assertThat(leftByDesign(replacement)).as("left to the library: %s", shown).isTrue();
                    }
                }
            }
        }
        assertThat(falseAccepts).isEmpty();
        assertThat(compared).isGreaterThan(5_000);
        assertThat(refused).as("bodies the library refuses").isGreaterThan(compared / 4);
        assertThat(leftToLibrary.size()).as("valid bodies left to the library: %s", leftToLibrary)
                .isLessThan(compared / 10);
    }

    /**
     * A null (its {@code enum} and {@code nullable} are the library's to weigh), an integer written with a fraction, a
     * number beyond a long or with many digits: the fast path sends these to the library whatever they are.
     */
    private static boolean leftByDesign(JsonNode value) {
        if (value.isNull()) {
            return true;
        }
        if (value.isIntegralNumber()) {
            return !value.canConvertToLong();
        }
        return value.isNumber();
    }

    private static List<JsonNode> replacements(JsonNode original) {
        List<String> literals = new ArrayList<>(List.of("null", "true", "false", "\"\"", "\"x\"", "\"42\"", "0", "-1",
                "1", "1.0", "0.5", "65536", "2147483648", "-2147483649", "9223372036854775808", "1e400", "{}", "[]",
                "[1]", "{\"name\":\"x\"}", "\"6F1C2D3E-4B5A-4C6D-8E7F-9A0B1C2D3E4F\"",
                "\"6f1c2d3e4b5a4c6d8e7f9a0b1c2d3e4f\"",
                "\"host-1.example.com\"", "\"-host.example\"", "\"a..b\"", quoted("a".repeat(64) + ".example")));
        if (original.isTextual()) {
            String text = original.textValue();
            for (String near : List.of(text + "x", "x" + text, text + " ", text + "\n", text + "é", text + "😀",
                    text.toUpperCase(), text.toLowerCase(), text.isEmpty() ? "" : text.substring(1),
                    text.isEmpty() ? "" : text.substring(0, text.length() - 1), text + "-", "-" + text)) {
                literals.add(quoted(near));
            }
        } else if (original.isNumber()) {
            literals.add(original.decimalValue().add(java.math.BigDecimal.ONE).toPlainString());
            literals.add(original.decimalValue().subtract(java.math.BigDecimal.ONE).toPlainString());
            literals.add(original.decimalValue().negate().toPlainString());
            literals.add(original.decimalValue().add(new java.math.BigDecimal("0.5")).toPlainString());
        }
        List<JsonNode> values = new ArrayList<>(List.of(MissingNode.getInstance()));
        literals.forEach(literal -> values.add(parse("{\"v\":" + literal + "}").get("v")));
        return values;
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static JsonNode parse(String json) {
        return BODIES.object(Buffer.buffer(json.getBytes(StandardCharsets.UTF_8)));
    }
}
