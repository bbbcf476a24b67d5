package io.infergate.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;

/**
 * One sentence per schema violation, naming the field: "replicas must be at most 1000.", "clusterId must be a UUID such
 * as ...". The library's own messages are fragments written for its message bundle ("must have a maximum value of
 * 1000", "does not match the uuid pattern must be a valid RFC 4122 UUID"), so the common keywords get their sentence
 * here, from the keyword and its value in the schema; any other keyword keeps the library's text after the field name.
 * The rule id ({@code schema.<keyword>}) is unchanged.
 * <p>
 * A value is quoted only where the schema lists what is allowed ({@code enum}), cut short: strings elsewhere may be long,
 * or secret.
 */
final class SchemaMessages {

    private SchemaMessages() {
    }

    /**
     * @param error what the library found
     * @param pointer where, in the body (for {@code required}, the missing member)
     * @return the message
     */
    static String of(Error error, String pointer) {
        String field = Pointers.fieldName(pointer);
        JsonNode schema = error.getSchemaNode();
        return switch (error.getKeyword()) {
            case "type" -> type(field, error);
            case "enum" -> field + " must be one of " + choices(schema) + ", not " + shown(error.getInstanceNode()) + ".";
            case "pattern" -> field + " must match the pattern " + schema.asText() + ".";
            case "minLength" -> schema.asInt() == 1 ? field + " must not be empty."
                    : field + " must be at least " + characters(schema.asInt()) + " long.";
            case "maxLength" -> field + " must be at most " + characters(schema.asInt()) + " long.";
            case "minimum" -> field + " must be at least " + schema.asText() + ".";
            case "maximum" -> field + " must be at most " + schema.asText() + ".";
            case "minItems" -> field + " must have at least " + items(schema.asInt()) + ".";
            case "maxItems" -> field + " must have at most " + items(schema.asInt())
                    + (error.getInstanceNode() == null ? "" : ", but has " + error.getInstanceNode().size()) + ".";
            case "required" -> field + " is required.";
            case "format" -> field + " must be " + format(schema.asText()) + ".";
            default -> field + " " + libraryText(error) + ".";
        };
    }

    private static String type(String field, Error error) {
        Object[] arguments = error.getArguments();
        String found = arguments != null && arguments.length > 0 ? String.valueOf(arguments[0]) : "another type";
        String expected = error.getSchemaNode().asText();
        if ("integer".equals(expected) && "number".equals(found)) {
            return field + " must be a whole number.";
        }
        return field + " must be " + withArticle(expected) + ", not " + ("null".equals(found) ? "null" : withArticle(found))
                + ".";
    }

    private static String withArticle(String type) {
        return switch (type) {
            case "integer", "array", "object" -> "an " + type;
            default -> "a " + type;
        };
    }

    private static String choices(JsonNode values) {
        List<String> shown = new ArrayList<>();
        values.forEach(value -> shown.add(value.isTextual() ? value.textValue() : value.toString()));
        if (shown.size() < 2) {
            return String.join("", shown);
        }
        return String.join(", ", shown.subList(0, shown.size() - 1)) + " or " + shown.get(shown.size() - 1);
    }

    private static String shown(JsonNode value) {
        if (value == null) {
            return "that";
        }
        return value.isTextual() ? "\"" + RuleNodes.shown(value.textValue()) + "\"" : RuleNodes.shown(value.toString());
    }

    private static String characters(int count) {
        return count == 1 ? "1 character" : count + " characters";
    }

    private static String items(int count) {
        return count == 1 ? "1 item" : count + " items";
    }

    private static String format(String name) {
        return switch (name) {
            case "uuid" -> "a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6";
            case "hostname" -> "a host name (RFC 1123) such as vllm.example.com";
            case "int32" -> "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + " (int32)";
            case "int64" -> "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + " (int64)";
            case "date-time" -> "an RFC 3339 date-time such as 2025-01-31T12:00:00Z";
            default -> "a valid " + name;
        };
    }

    /**
     * The library prefixes its message with the instance location, which the violation carries already.
     */
    private static String libraryText(Error error) {
        String message = error.getMessage();
        String prefix = error.getInstanceLocation() + ": ";
        String text = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        return text.isEmpty() ? "breaks " + error.getKeyword()
                : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
