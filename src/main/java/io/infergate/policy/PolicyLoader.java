package io.infergate.policy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads a policy file (YAML, see the package documentation) into a {@link PolicySet}, checking every policy against
 * the bundled vendor contract. Every problem is reported at once, in a {@link PolicyFileException}.
 */
public final class PolicyLoader {

    /** A key written twice would silently keep the last value: refuse it instead. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    /** The contract does not change while the gateway runs: read its fields once. */
    private static final class Catalog {
        static final SpecCatalog BUNDLED = SpecCatalog.bundled();
    }

    private PolicyLoader() {
    }

    /**
     * @param yaml the policy file
     * @return the compiled policies
     * @throws PolicyFileException listing every problem of the file
     */
    public static PolicySet load(String yaml) {
        try {
            return compile(YAML.readTree(yaml));
        } catch (IOException e) {
            throw new PolicyFileException(List.of("the file is not valid YAML: " + e.getMessage()));
        }
    }

    /**
     * @param yaml the policy file, read to its end and not closed
     * @return the compiled policies
     * @throws PolicyFileException listing every problem of the file
     */
    public static PolicySet load(InputStream yaml) {
        try {
            return compile(YAML.readTree(yaml));
        } catch (IOException e) {
            throw new PolicyFileException(List.of("the file is not valid YAML: " + e.getMessage()));
        }
    }

    /**
     * @return a set without policies, which passes every request through unchanged
     */
    public static PolicySet empty() {
        return new PolicySet(Catalog.BUNDLED, Map.of(), List.of());
    }

    private static PolicySet compile(JsonNode root) {
        return new PolicyCompiler(Catalog.BUNDLED).compile(root);
    }
}
