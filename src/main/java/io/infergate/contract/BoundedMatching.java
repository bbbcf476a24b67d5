package io.infergate.contract;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.format.Format;
import com.networknt.schema.keyword.FormatKeyword;
import com.networknt.schema.keyword.FormatValidator;
import com.networknt.schema.keyword.Keyword;
import com.networknt.schema.keyword.KeywordType;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.keyword.PatternValidator;
import com.networknt.schema.path.NodePath;

/**
 * The library's {@code pattern} and {@code format} keywords, run only on a string within the {@code maxLength} of
 * their own schema. A longer string is refused by {@code maxLength} whatever it looks like, and matching it would cost
 * time that grows faster than its length: the quantity pattern {@code ^([+]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$}
 * backtracks quadratically under Joni (65,000 digits and an {@code x} took 33 s), and the library's {@code hostname}
 * format, a {@code java.util.regex} with a repeated group, overflows the stack on a 64 KB host name. Within the
 * spec's lengths (at most 2,048 where a pattern or format is costly) both are microseconds; {@code SchemaLimitsTest}
 * keeps every such pattern beside a {@code maxLength}.
 * <p>
 * Everything else is the library's own: a string within its length gets the library's verdict and message.
 */
final class BoundedMatching {

    private BoundedMatching() {
    }

    /**
     * @return the {@code pattern} keyword, bounded
     */
    static Keyword pattern() {
        return new Keyword() {
            @Override
            public String getValue() {
                return KeywordType.PATTERN.getValue();
            }

            @Override
            public KeywordValidator newValidator(SchemaLocation location, JsonNode schemaNode, Schema parent,
                    SchemaContext context) {
                return new Pattern(location, schemaNode, parent, context);
            }
        };
    }

    /**
     * @return a factory of the {@code format} keyword, bounded, over the dialect's formats
     */
    static FormatKeyword format(Map<String, Format> formats) {
        return new FormatKeyword(formats) {
            @Override
            public KeywordValidator newValidator(SchemaLocation location, JsonNode schemaNode, Schema parent,
                    SchemaContext context) {
                Format format = schemaNode != null && schemaNode.isTextual() ? formats.get(schemaNode.textValue()) : null;
                return new BoundedFormat(location, schemaNode, parent, context, format, this);
            }
        };
    }

    /**
     * @return whether {@code node} is a string longer than the {@code maxLength} of {@code schema}, counted in code
     *         points as the library's {@code maxLength} counts
     */
    static boolean beyondMaxLength(JsonNode node, Schema schema) {
        JsonNode maxLength = schema.getSchemaNode().get("maxLength");
        if (maxLength == null || !maxLength.canConvertToInt() || !node.isTextual()) {
            return false;
        }
        String text = node.textValue();
        int limit = maxLength.intValue();
        // more chars than code points is only possible with surrogate pairs; count only when it could matter
        return text.length() > limit && text.codePointCount(0, text.length()) > limit;
    }

    private static final class Pattern extends PatternValidator {

        private final Schema schema;

        Pattern(SchemaLocation location, JsonNode schemaNode, Schema parent, SchemaContext context) {
            super(location, schemaNode, parent, context);
            this.schema = parent;
        }

        @Override
        public void validate(ExecutionContext context, JsonNode node, JsonNode root, NodePath at) {
            if (!beyondMaxLength(node, schema)) {
                super.validate(context, node, root, at);
            }
        }
    }

    private static final class BoundedFormat extends FormatValidator {

        private final Schema schema;

        BoundedFormat(SchemaLocation location, JsonNode schemaNode, Schema parent, SchemaContext context, Format format,
                Keyword keyword) {
            super(location, schemaNode, parent, context, format, keyword);
            this.schema = parent;
        }

        @Override
        public void validate(ExecutionContext context, JsonNode node, JsonNode root, NodePath at) {
            if (!beyondMaxLength(node, schema)) {
                super.validate(context, node, root, at);
            }
        }
    }
}
