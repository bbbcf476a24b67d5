package io.infergate.contract;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a create body against the schema only where it differs from a body that already passed: what a policy merge
 * changed. A create that policies changed was otherwise checked twice in full, and the schema check is most of a
 * create's cost (bench/README.md).
 * <p>
 * It is as strict as a full check because every constraint of the vendor schemas is local to one value: {@code type},
 * {@code enum}, lengths, {@code pattern}, {@code format}, bounds and {@code maxItems} constrain the value they sit on,
 * {@code properties} and {@code items} its members, and {@code required} the object that lists it. So a changed value
 * is checked against every schema that constrains it ({@code $ref}s followed, each {@code allOf} member that declares
 * it), an object that lost a member against its own schemas (its {@code required}), and nothing unchanged can have
 * become wrong. Keywords that would tie a value to its siblings or parents ({@code oneOf}, {@code anyOf}, {@code not},
 * {@code additionalProperties}, {@code patternProperties}, {@code dependencies}, {@code minProperties},
 * {@code maxProperties}, {@code discriminator}) appear nowhere in the spec; if a new spec brought one, {@link #exact}
 * says so and the whole body is checked again, as before.
 */
final class SchemaRecheck {

    private static final Set<String> NON_LOCAL = Set.of("oneOf", "anyOf", "not", "additionalProperties",
            "patternProperties", "dependencies", "minProperties", "maxProperties", "discriminator");
    private final VendorSpec spec;
    private final SchemaCheck schema;
    private final boolean exact;
    /** Which schemas constrain a member, by the schemas of its object and its name: bounded by the spec's fields. */
    private final Map<Member, List<String>> members = new ConcurrentHashMap<>();

    private record Member(List<String> schemas, String name) {
    }

    SchemaRecheck(VendorSpec spec, SchemaCheck schema) {
        this.spec = spec;
        this.schema = schema;
        this.exact = nonLocalKeywords(spec.tree()).isEmpty();
    }

    /**
     * @return whether checking only the changed values is as strict as a full check, for the bundled spec
     */
    boolean exact() {
        return exact;
    }

    /**
     * @param checked a create body that passed {@link SchemaCheck#create}
     * @param changed the same body after a merge
     * @return the schema violations of {@code changed}, the same as {@link SchemaCheck#create} would find, for tests
     */
    List<Violation> create(JsonNode checked, JsonNode changed) {
        Violations found = Violations.unbounded();
        create(checked, changed, found);
        return new ArrayList<>(found.list());
    }

    /**
     * @param checked a create body that passed {@link SchemaCheck#create}
     * @param changed the same body after a merge
     * @param found where the schema violations of {@code changed} go, the same as {@link SchemaCheck#create} would find
     * @throws Violations.Overflow when {@code found} fills up
     */
    void create(JsonNode checked, JsonNode changed, Violations found) {
        if (!exact) {
            schema.create(changed, found);
            return;
        }
        compare(checked, changed, "", List.of(SchemaCheck.CREATE), found);
    }

    /**
     * Walks two objects in step; {@code schemas} are the pointers of the schemas that constrain them.
     */
    private void compare(JsonNode checked, JsonNode changed, String at, List<String> schemas, Violations found) {
        boolean lostMember = false;
        for (Iterator<String> names = checked.fieldNames(); names.hasNext();) {
            lostMember |= !changed.has(names.next());
        }
        if (lostMember) {
            schemas.forEach(pointer -> schema.part(pointer, changed, at, found));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> members = changed.fields(); members.hasNext();) {
            Map.Entry<String, JsonNode> member = members.next();
            JsonNode before = checked.get(member.getKey());
            JsonNode after = member.getValue();
            if (after.equals(before)) {
                continue;
            }
            String path = Pointers.child(at, member.getKey());
            List<String> memberSchemas = memberSchemas(schemas, member.getKey());
            if (before != null && before.isObject() && after.isObject()) {
                compare(before, after, path, memberSchemas, found);
            } else {
                memberSchemas.forEach(pointer -> schema.part(pointer, after, path, found));
            }
        }
    }

    /**
     * @return the pointers of the schemas that declare {@code name} among the properties of a value these schemas
     *         constrain
     */
    private List<String> memberSchemas(List<String> schemas, String name) {
        return members.computeIfAbsent(new Member(schemas, name), member -> declaring(member.schemas(), member.name()));
    }

    private List<String> declaring(List<String> schemas, String name) {
        List<String> declared = new ArrayList<>();
        for (String pointer : schemas) {
            for (String expanded : expanded(pointer, 0)) {
                if (spec.tree().at(expanded).path("properties").has(name)) {
                    declared.add(expanded + "/properties/" + Pointers.escape(name));
                }
            }
        }
        return List.copyOf(declared);
    }

    /**
     * @return the schema at {@code pointer} and every schema it stands for: its {@code $ref} followed (OpenAPI 3.0
     *         ignores a reference's siblings), and its {@code allOf} members
     */
    private List<String> expanded(String pointer, int depth) {
        VendorSpec.requireDepth(depth, pointer);
        String resolved = spec.resolve(pointer);
        List<String> all = new ArrayList<>(List.of(resolved));
        for (int i = 0; i < spec.tree().at(resolved).path("allOf").size(); i++) {
            all.addAll(expanded(resolved + "/allOf/" + i, depth + 1));
        }
        return all;
    }

    /**
     * @return the non-local keywords used anywhere in the document (a property of that name counts too: the answer may
     *         only err towards a full check)
     */
    private static Set<String> nonLocalKeywords(JsonNode node) {
        Set<String> used = new TreeSet<>();
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                if (NON_LOCAL.contains(name)) {
                    used.add(name);
                }
            });
        }
        for (JsonNode child : node) {
            used.addAll(nonLocalKeywords(child));
        }
        return used;
    }
}
