package io.infergate.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Checking only what a merge changed finds exactly what a full check of the changed body finds: every value of the
 * maximal create body is broken in several ways (another type, a long string, a negative number, null, removed, an
 * array grown past its bounds or given an element of another type, a member added whole with a broken value inside),
 * and each time the two checks must list the same violations.
 */
class SchemaRecheckTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static SchemaCheck schema;
    private static SchemaRecheck recheck;
    private static ObjectNode maximal;

    @BeforeAll
    static void compile() throws IOException {
        VendorSpec spec = VendorSpec.bundled();
        schema = new SchemaCheck(spec);
        recheck = new SchemaRecheck(spec, schema);
        try (InputStream in = SchemaRecheckTest.class.getResourceAsStream("/contract/maximal-create.json")) {
            maximal = (ObjectNode) new ObjectMapper().readTree(in);
        }
        assertThat(schema.create(maximal)).as("the maximal body is valid").isEmpty();
    }

    @Test
    void shouldCheckOnlyTheChangesForTheBundledSpec() {
        assertThat(recheck.exact()).as("no keyword of the vendor spec ties a value to its siblings").isTrue();
    }

    @Test
    void shouldFindWhatAFullCheckFindsForEveryBrokenValue() {
        List<String> pointers = new ArrayList<>();
        pointers.addAll(Slot.pointers(maximal));
        int compared = 0;
        int broken = 0;
        for (String pointer : pointers) {
            for (Consumer<Slot> breakIt : breakers()) {
                ObjectNode changed = maximal.deepCopy();
                breakIt.accept(new Slot(changed, pointer));
                List<Violation> full = sorted(schema.create(changed));
                assertThat(sorted(recheck.create(maximal, changed))).as("%s changed to %s", pointer, changed.at(pointer))
                        .isEqualTo(full);
                compared++;
                broken += full.isEmpty() ? 0 : 1;
            }
        }
        assertThat(compared).isGreaterThan(500);
        assertThat(broken).as("changes the schema refuses").isGreaterThan(compared / 3);
    }

    @Test
    void shouldFindWhatAFullCheckFindsInAMemberAddedWhole() {
        int compared = 0;
        for (String pointer : objectMembers(maximal, "")) {
            ObjectNode checked = maximal.deepCopy();
            slot(checked, pointer).remove();
            if (!schema.create(checked).isEmpty()) {
                continue; // a required member: without it the body could not have passed
            }
            ObjectNode changed = maximal.deepCopy();
            for (String leaf : Slot.pointers(changed.at(pointer), pointer)) {
                ObjectNode broken = changed.deepCopy();
                new Slot(broken, leaf).set(JSON.textNode("#".repeat(300)));
                assertThat(sorted(recheck.create(checked, broken))).as("%s added with %s broken", pointer, leaf)
                        .isEqualTo(sorted(schema.create(broken)));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(50);
    }

    @Test
    void shouldPlaceViolationsAtTheirPointerInTheWholeBody() {
        ObjectNode changed = maximal.deepCopy();
        ((ObjectNode) changed.path("spec").path("leader")).put("image", 7);

        assertThat(recheck.create(maximal, changed)).extracting(Violation::pointer).contains("/spec/leader/image");
    }

    /** Ways to break one value. */
    private static List<Consumer<Slot>> breakers() {
        return List.of(
                slot -> slot.set(JSON.textNode("#".repeat(300))),
                slot -> slot.set(JSON.numberNode(-7)),
                slot -> slot.set(JSON.numberNode(1.5)),
                slot -> slot.set(JSON.nullNode()),
                slot -> slot.set(JSON.objectNode().put("name", "x")),
                Slot::remove,
                slot -> {
                    if (slot.value() instanceof ArrayNode array && !array.isEmpty()) {
                        for (int i = 0; i < 300; i++) {
                            array.add(array.get(0).deepCopy());
                        }
                    }
                },
                slot -> {
                    if (slot.value() instanceof ArrayNode array) {
                        array.add(3);
                    }
                });
    }

    private static List<Violation> sorted(List<Violation> violations) {
        List<Violation> copy = new ArrayList<>(violations);
        copy.sort(Comparator.comparing(Violation::pointer).thenComparing(Violation::rule)
                .thenComparing(Violation::message));
        return copy;
    }

    /** The pointers of members whose values are objects, at any depth. */
    private static List<String> objectMembers(JsonNode node, String at) {
        List<String> members = new ArrayList<>();
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                String child = Pointers.child(at, name);
                if (node.get(name).isObject()) {
                    members.add(child);
                }
                members.addAll(objectMembers(node.get(name), child));
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                members.addAll(objectMembers(node.get(i), Pointers.child(at, i)));
            }
        }
        return members;
    }

    private static Slot slot(ObjectNode root, String pointer) {
        return new Slot(root, pointer);
    }
}
