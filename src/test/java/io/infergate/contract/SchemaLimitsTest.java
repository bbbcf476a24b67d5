package io.infergate.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What bounds the schema check's work rests on in the bundled spec: a pattern or format that can cost more than linear
 * time sits beside a {@code maxLength}, past which {@link BoundedMatching} does not match it. A new spec that breaks
 * this fails here, not in production.
 */
class SchemaLimitsTest {

    private static final JsonNode SCHEMAS = VendorSpec.bundled().tree().path("components").path("schemas");

    /** Matches at the first position, whatever the string: linear at worst. */
    private static final String ANYTHING = ".*";

    @Test
    void shouldFindEveryPatternOtherThanAnythingBesideAMaxLength() {
        List<String> unbounded = new ArrayList<>();
        List<String> bounded = new ArrayList<>();
        walk(SCHEMAS, "", (pointer, schema) -> {
            if (schema.has("pattern") && !ANYTHING.equals(schema.get("pattern").asText())) {
                (schema.has("maxLength") ? bounded : unbounded).add(pointer);
            }
        });

        assertThat(bounded).as("patterns with a maxLength").isNotEmpty();
        assertThat(unbounded).as("patterns without a maxLength").isEmpty();
    }

    @Test
    void shouldFindEveryHostNameFormatBesideAMaxLength() {
        List<String> unbounded = new ArrayList<>();
        walk(SCHEMAS, "", (pointer, schema) -> {
            if ("hostname".equals(schema.path("format").asText()) && !schema.has("maxLength")) {
                unbounded.add(pointer);
            }
        });

        assertThat(unbounded).isEmpty();
    }

    @Test
    void shouldFindNoExclusiveBoundThatTheMessagesWouldMisstate() {
        List<String> exclusive = new ArrayList<>();
        walk(SCHEMAS, "", (pointer, schema) -> {
            if (schema.has("exclusiveMinimum") || schema.has("exclusiveMaximum")) {
                exclusive.add(pointer);
            }
        });

        assertThat(exclusive).as("SchemaMessages says 'at least' and 'at most'").isEmpty();
    }

    private interface Visitor {
        void visit(String pointer, JsonNode schema);
    }

    private static void walk(JsonNode node, String pointer, Visitor visitor) {
        if (node.isObject()) {
            visitor.visit(pointer, node);
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                walk(field.getValue(), pointer + "/" + field.getKey(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, visitor);
            }
        }
    }
}
