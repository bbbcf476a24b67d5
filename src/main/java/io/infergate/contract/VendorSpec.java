package io.infergate.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The bundled copy of the vendor contract ({@code contract/distributed-inferences.openapi.json}, the Run:ai 2.24
 * Distributed Inferences OpenAPI document, unedited): the single source of every constraint InferGate checks.
 *
 * @param text the document as shipped
 * @param tree the same document parsed
 */
record VendorSpec(String text, JsonNode tree) {

    static final String RESOURCE = "contract/distributed-inferences.openapi.json";
    /** The vendor schemas nest about ten levels deep; a walk that goes deeper than this has met a cycle. */
    static final int MAX_DEPTH = 40;
    private static final String SCHEMAS = "#/components/schemas/";

    /**
     * @return the spec from the classpath
     */
    static VendorSpec bundled() {
        try (InputStream in = VendorSpec.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The vendor spec " + RESOURCE + " is missing from the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new VendorSpec(text, new ObjectMapper().readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the vendor spec " + RESOURCE, e);
        }
    }

    /**
     * Guards a walk of the schemas against a cycle: the vendor schemas nest about ten levels deep.
     *
     * @param depth how deep the walk is
     * @param where what to name in the error, or {@code ""}
     * @throws IllegalStateException when the walk is deeper than {@link #MAX_DEPTH}
     */
    static void requireDepth(int depth, String where) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("The vendor spec nests deeper than " + MAX_DEPTH + " levels"
                    + (where.isEmpty() ? "" : " at " + where));
        }
    }

    /**
     * @param name a name under {@code components.schemas}
     * @return that schema
     */
    JsonNode schema(String name) {
        JsonNode schema = tree.path("components").path("schemas").path(name);
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException("The vendor spec has no schema " + name);
        }
        return schema;
    }

    /**
     * Follows {@code $ref}s within the document until a schema that is not a bare reference.
     */
    JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; current.has("$ref"); hops++) {
            current = schema(referenced(current, hops, schema));
        }
        return current;
    }

    /**
     * {@link #resolve(JsonNode)} by JSON pointer, for what needs to name the schema it ends at.
     *
     * @param pointer the pointer of a schema in the document, e.g. {@code /components/schemas/X/properties/y}
     * @return the pointer of the schema its {@code $ref}s lead to ({@code pointer} itself when it is no reference)
     */
    String resolve(String pointer) {
        String current = pointer;
        for (int hops = 0; tree.at(current).has("$ref"); hops++) {
            String name = referenced(tree.at(current), hops, pointer);
            schema(name); // a reference to a schema the document lacks is refused here, as by resolve(JsonNode)
            current = SCHEMAS.substring(1) + name;
        }
        return current;
    }

    /**
     * @return the name under {@code components.schemas} that a bare reference names
     */
    private static String referenced(JsonNode reference, int hops, Object start) {
        if (hops > 32) {
            throw new IllegalStateException("$ref cycle at " + start);
        }
        String ref = reference.get("$ref").asText();
        if (!ref.startsWith(SCHEMAS)) {
            throw new IllegalStateException("Unsupported $ref " + ref);
        }
        return ref.substring(SCHEMAS.length());
    }
}
