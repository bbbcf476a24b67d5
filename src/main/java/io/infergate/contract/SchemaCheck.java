package io.infergate.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.FailFastAssertionException;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.PathType;
import com.networknt.schema.regex.JoniRegularExpressionFactory;

/**
 * The vendor request schemas, compiled once by a JSON-schema library (networknt, OpenAPI 3.0 dialect) straight from the
 * bundled document: types with {@code integer} versus {@code number}, {@code nullable}, {@code enum}, lengths,
 * {@code pattern} with ECMA-262 semantics (Joni, unanchored unless the pattern anchors itself), bounds,
 * {@code maxItems}, {@code required}, and the formats {@code uuid}, {@code hostname}, {@code int32} and {@code int64}.
 * <p>
 * Two bounds on the library's work per body: {@code pattern} and {@code format} are not matched against a string past
 * its {@code maxLength} ({@link BoundedMatching}), and the library stops, with its own fail-fast exception, once the
 * violations fill {@link Violations}.
 */
final class SchemaCheck {

    /** An identifier for the bundled document; never fetched. */
    private static final String SPEC_IRI = "urn:infergate:vendor-spec";

    private static final List<String> OPENAPI_MEMBERS = List.of("openapi", "info", "tags", "servers", "security",
            "paths", "components", "externalDocs");

    /** The pointer of the create request's schema in the document. */
    static final String CREATE = "/components/schemas/DistributedInferenceCreationRequest";

    private final SchemaRegistry registry;
    private final Schema create;
    private final Schema patch;
    /** Schemas below the top-level ones, compiled on first use: a handful, as bodies the policies changed need them. */
    private final Map<String, Schema> parts = new ConcurrentHashMap<>();

    SchemaCheck(VendorSpec spec) {
        Dialect.Builder dialect = Dialect.builder(Dialects.getOpenApi30())
                .format(IntegerFormat.INT32)
                .format(IntegerFormat.INT64)
                .keyword(BoundedMatching.pattern())
                .formatKeywordFactory(BoundedMatching::format);
        // The whole OpenAPI document is loaded as one schema resource; its top-level members are not schema keywords.
        OPENAPI_MEMBERS.forEach(member -> dialect.keyword(new NonValidationKeyword(member)));
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .regularExpressionFactory(JoniRegularExpressionFactory.getInstance())
                .pathType(PathType.JSON_POINTER)
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(dialect.build(), builder -> builder
                .schemaRegistryConfig(config)
                .schemas(Map.of(SPEC_IRI, spec.text())));
        this.create = compiled(CREATE);
        this.patch = compiled("/components/schemas/UpdateRequest");
    }

    private Schema compiled(String pointer) {
        Schema schema = registry.getSchema(SchemaLocation.of(SPEC_IRI + "#" + pointer));
        // Resolves every $ref and builds every keyword validator now, not on the first request.
        schema.initializeValidators();
        return schema;
    }

    /**
     * @return every violation of a create body, for tests
     */
    List<Violation> create(JsonNode body) {
        Violations found = Violations.unbounded();
        create(body, found);
        return new ArrayList<>(found.list());
    }

    /**
     * @return every violation of a patch body, for tests
     */
    List<Violation> patch(JsonNode body) {
        Violations found = Violations.unbounded();
        patch(body, found);
        return new ArrayList<>(found.list());
    }

    /**
     * @throws Violations.Overflow when {@code found} fills up
     */
    void create(JsonNode body, Violations found) {
        validate(create, body, "", found);
    }

    /**
     * @throws Violations.Overflow when {@code found} fills up
     */
    void patch(JsonNode body, Violations found) {
        validate(patch, body, "", found);
    }

    /**
     * @param schema the pointer of a schema in the document
     * @param value a value of the body
     * @param at the value's pointer in the body, which every violation's pointer starts with
     * @throws Violations.Overflow when {@code found} fills up
     */
    void part(String schema, JsonNode value, String at, Violations found) {
        validate(parts.computeIfAbsent(schema, this::compiled), value, at, found);
    }

    private static void validate(Schema schema, JsonNode value, String at, Violations found) {
        schema.validate(value, context -> context.setErrors(new Reporting(at, found)));
        found.stopIfOverflowed();
    }

    /**
     * The library's error list, turned into violations as the library adds to it. It is the library's to read and
     * swap ({@code anyOf} would), so it keeps the errors too. When {@link Violations} is full it ends the validation
     * with the library's own fail-fast exception, which the library expects from any error it adds and catches at the
     * top of {@code validate}; the stop then carries on through {@link Violations#stopIfOverflowed}.
     */
    private static final class Reporting extends ArrayList<Error> {

        private static final long serialVersionUID = 1L;
        private final transient String at;
        private final transient Violations found;

        Reporting(String at, Violations found) {
            this.at = at;
            this.found = found;
        }

        @Override
        public boolean add(Error error) {
            if (!found.offer(violation(error, at))) {
                throw new FailFastAssertionException(error);
            }
            return super.add(error);
        }
    }

    private static Violation violation(Error error, String at) {
        String pointer = at + error.getInstanceLocation().toString();
        String keyword = error.getKeyword();
        String rule = "schema." + keyword;
        if ("required".equals(keyword) && error.getProperty() != null) {
            pointer = pointer + "/" + Pointers.escape(error.getProperty());
        }
        if ("format".equals(keyword)) {
            rule = rule + "." + error.getSchemaNode().asText();
        }
        return new Violation(pointer, rule, SchemaMessages.of(error, pointer));
    }
}
