package io.infergate.contract;

import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Request bodies for the semantic rule tests: a minimal valid create request, and the same with fields added to the
 * leader or the worker, written in JSON with single quotes to keep the tests short.
 */
final class SemanticBodies {

    /** Reads numbers as the gateway does ({@link JsonBodies}): floats exactly, as BigDecimal. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** Valid against every rule: one worker, both with an image. */
    static final String MINIMAL = """
            {
              "name": "llama-70b",
              "projectId": "4",
              "clusterId": "0b6e4d44-3a0e-4c2b-9c59-7f1c5d5e2a11",
              "spec": {
                "workers": 1,
                "leader": { "image": "vllm/vllm-openai:v0.8.5" },
                "worker": { "image": "vllm/vllm-openai:v0.8.5" }
              }
            }
            """;

    private SemanticBodies() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param role {@code leader} or {@code worker}
     * @param fields a JSON object whose fields are set on that container, replacing any of the same name
     */
    static JsonNode withContainer(String role, String fields) {
        ObjectNode body = (ObjectNode) json(MINIMAL);
        ((ObjectNode) body.path("spec").path(role)).setAll((ObjectNode) json(fields));
        return body;
    }

    /** @param fields a JSON object whose fields are set on {@code spec} */
    static JsonNode withSpec(String fields) {
        ObjectNode body = (ObjectNode) json(MINIMAL);
        ((ObjectNode) body.path("spec")).setAll((ObjectNode) json(fields));
        return body;
    }

    static List<Violation> check(JsonNode body) {
        return new SemanticRules(false).check(body);
    }

    static List<Violation> check(String body) {
        return check(json(body));
    }
}
