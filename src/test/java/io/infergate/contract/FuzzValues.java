package io.infergate.contract;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.StringJoiner;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.infergate.error.GatewayException;
import io.vertx.core.buffer.Buffer;

/**
 * Random JSON values for the contract fuzzer, biased towards what breaks validators: numbers at and past every bound the
 * spec or Kubernetes uses, exponents too large to print, strings at length limits, quantity look-alikes, escaping
 * trouble, and small nested containers. Values are written as JSON text and read back through {@link JsonBodies}, so a
 * mutated tree holds only node types the gateway's own parser can produce (a {@code 1e309} is a {@code DecimalNode},
 * never an infinite double).
 */
final class FuzzValues {

    /** Nesting added by one value; the mutated body must stay below {@link JsonBodies#MAX_DEPTH} to be realistic. */
    private static final int MAX_NESTING = 3;

    private static final String[] NUMBERS = {
            "0", "-0", "1", "-1", "2", "3", "0.5", "-0.5", "1.0", "0.0", "-0.0", "1000", "1001", "65535", "65536",
            "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "-9223372036854775809", "18446744073709551616",
            "123456789012345678901234567890123456789", "1e2", "1E+2", "1e-2", "1e309", "-1e309", "1e-400", "4.9e-324",
            "1.7976931348623157e308", "1e999999999", "-1e999999999", "1e-999999999", "-1e-999999999", "1e2147483647",
            "-1e-2147483647", "0.1e1", "0.000000001", "0.0000000001", "99999999999999999999.99999999999999999999" };

    private static final String[] STRINGS = {
            "", " ", "a", "A", "-", "0", "1", "-1", "1.5", "1e3", "512Mi", "1.5Gi", "250m", "1e9", "1e", "1..2", "5kk",
            "1K", "+", ".", "+.", ".5", "1.", "+1", "1e999999999", "1e-999999999", "1E2147483648", "9".repeat(127),
            "9".repeat(128), "1" + "0".repeat(40) + "Ei", "Localhost", "RuntimeDefault", "portion", "memory", "In",
            "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Equal", "NoExecute", "NoSchedule", "authorizedUsers",
            "authorizedGroups", "public", "http", "https", "custom", "Deploy", "llama-405b", "LLAMA", "a-", "-a", "1abc",
            "a".repeat(63), "a".repeat(64), "a".repeat(57), "a".repeat(58), "x".repeat(253), "x".repeat(254),
            "0b7d5c2e-3f4a-4b5c-8d6e-7f8091a2b3c4", "0b7d5c2e-3f4a-4b5c-8d6e-7f8091a2b3cZ", "not-a-uuid", "h100-pool",
            "a/b", "~", "~0", "~1", "/", "\u0000", "\u0001", "\t\n", "\u00e9", "\u202e", "\ud83d\ude00", "\ud800", "\udfff",
            "\ufeff", "\u0661\u0662", "null", "true", "[]", "{}", "\\", "\"", "$ref", "#/components/schemas/Spec" };

    /** Around the longest string the contract allows (10,000) and the longest the parser reads (64 Ki). */
    private static final int[] LONG_STRING_LENGTHS = { 255, 256, 10_000, 10_001, 65_536, 65_537 };

    private FuzzValues() {
    }

    /**
     * @return a JSON value as the gateway's parser reads it, or its text as a string where the parser refuses it (a
     *         number out of the range it accepts)
     */
    static JsonNode node(FuzzedDataProvider data) {
        String text = text(data, 0);
        try {
            return parse(text);
        } catch (GatewayException refused) {
            return TextNode.valueOf(text);
        }
    }

    /**
     * @return the JSON text of a random value, nested at most {@value #MAX_NESTING} levels below {@code depth}
     */
    static String text(FuzzedDataProvider data, int depth) {
        return switch (data.consumeInt(0, depth < MAX_NESTING ? 9 : 7)) {
            case 0 -> "null";
            case 1 -> data.consumeBoolean() ? "true" : "false";
            case 2 -> data.pickValue(NUMBERS);
            case 3 -> Long.toString(data.consumeLong());
            case 4 -> quoted(data.pickValue(STRINGS));
            case 5 -> quoted(data.consumeString(40));
            case 6 -> quoted("x".repeat(data.pickValue(LONG_STRING_LENGTHS)));
            case 7 -> data.consumeBoolean() ? "{}" : "[]";
            case 8 -> array(data, depth);
            default -> object(data, depth);
        };
    }

    /**
     * @return the value read as the gateway reads a body (exact decimals, strict duplicates)
     */
    static JsonNode parse(String text) {
        return new JsonBodies().object(Buffer.buffer("{\"v\":" + text + "}")).get("v");
    }

    /**
     * @return the string as a JSON string literal, escaped the way Jackson writes it
     */
    static String quoted(String value) {
        return TextNode.valueOf(value).toString();
    }

    private static String array(FuzzedDataProvider data, int depth) {
        StringJoiner text = new StringJoiner(",", "[", "]");
        int size = data.consumeInt(1, 3);
        for (int i = 0; i < size; i++) {
            text.add(text(data, depth + 1));
        }
        return text.toString();
    }

    private static String object(FuzzedDataProvider data, int depth) {
        // a repeated key would make the parser refuse the whole body, which is the raw-bytes target's business
        Set<String> keys = new LinkedHashSet<>();
        int size = data.consumeInt(1, 3);
        for (int i = 0; i < size; i++) {
            keys.add(FuzzMutations.fieldName(data));
        }
        StringJoiner text = new StringJoiner(",", "{", "}");
        for (String key : keys) {
            text.add(quoted(key) + ":" + text(data, depth + 1));
        }
        return text.toString();
    }
}
