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
            if (hops > 32) {
                throw new IllegalStateException("$ref cycle at " + schema);
            }
            String ref = current.get("$ref").asText();
            if (!ref.startsWith(SCHEMAS)) {
                throw new IllegalStateException("Unsupported $ref " + ref);
            }
            current = schema(ref.substring(SCHEMAS.length()));
        }
        return current;
    }
}
