package io.infergate.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bodies and policy files for the policy tests.
 */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLUSTER = "east";
    static final String PROJECT = "4";

    private Fixtures() {
    }

    /**
     * @return a create request of project 4 with the given spec
     */
    static ObjectNode create(String specJson) {
        return object("{\"name\":\"llama\",\"projectId\":\"4\",\"clusterId\":\"0b7d5c2e-3f4a-4b5c-8d6e-7f8091a2b3c4\","
                + "\"spec\":" + specJson + "}");
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode at(JsonNode body, String pointer) {
        return body.at(pointer);
    }

    /**
     * @return a file of {@code src/test/resources/policy}, or {@code contract} for the maximal body
     */
    static InputStream resource(String path) {
        InputStream in = Fixtures.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " is not on the test classpath");
        }
        return in;
    }

    static String text(String path) {
        try (InputStream in = resource(path)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
