package io.infergate.contract;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Request bodies as raw bytes, from noise to almost valid JSON: the shapes that reach a JSON parser's error paths and
 * limits (truncation, flipped bytes, nesting far past {@link JsonBodies#MAX_DEPTH}, numbers too long or too large,
 * duplicate keys, other encodings, a value that is not an object).
 */
final class FuzzBytes {

    private static final int[] DEPTHS = { 31, 32, 33, 1_000, 10_000 };
    /** Around the parser's number-length limit (64) and Jackson's default one (1,000), and far past both. */
    private static final int[] DIGITS = { 64, 65, 999, 1_000, 1_001, 5_000 };
    /** Exponents at and just past the 32-bit scale of a {@link java.math.BigDecimal}. */
    private static final String[] EXPONENTS = {
            "1e2147483647", "1e2147483648", "1e-2147483647", "1e-2147483648", "1.5e-2147483647", "1e99999999999" };
    /** Each opener with what closes it. */
    private static final String[][] NESTINGS = { { "[", "]" }, { "{\"a\":", "}" }, { "[{\"a\":", "}]" } };
    private static final Charset[] ENCODINGS = {
            StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16, StandardCharsets.ISO_8859_1,
            Charset.forName("UTF-32BE"), Charset.forName("UTF-32LE") };
    private static final String[] ODD_BODIES = {
            "", " ", "\ufeff", "null", "[]", "\"{}\"", "{}", "{} {}", "{}x", "{},", "{\"a\":1}//", "{\"a\":NaN}",
            "{\"a\":Infinity}", "{\"a\":-Infinity}", "{'a':1}", "{a:1}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}",
            "{\"a\":+1}", "{\"a\":0x10}", "{\"a\":\"\\u00\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\t\"}", "{\"a\":[1,]}",
            "{\"a\":1,}", "\ufeff{\"a\":1}", "{\"a\":1}\u0000" };

    private FuzzBytes() {
    }

    /**
     * @param valid a valid body, the seed of the near-miss shapes
     * @return one request body
     */
    static byte[] next(JsonNode valid, FuzzedDataProvider data) {
        byte[] validBytes = valid.toString().getBytes(StandardCharsets.UTF_8);
        return switch (data.consumeInt(0, 8)) {
            case 0 -> data.consumeRemainingAsBytes();
            case 1 -> Arrays.copyOf(validBytes, data.consumeInt(0, validBytes.length));
            case 2 -> flipped(validBytes, data);
            case 3 -> deeplyNested(data);
            case 4 -> longNumber(data);
            case 5 -> duplicateKey(valid, data);
            case 6 -> valid.toString().getBytes(data.pickValue(ENCODINGS));
            case 7 -> utf8(data.pickValue(ODD_BODIES));
            default -> utf8(FuzzValues.text(data, 0));
        };
    }

    private static byte[] flipped(byte[] valid, FuzzedDataProvider data) {
        byte[] bytes = valid.clone();
        int flips = data.consumeInt(1, 8);
        for (int i = 0; i < flips; i++) {
            bytes[data.consumeInt(0, bytes.length - 1)] = data.consumeByte();
        }
        return bytes;
    }

    private static byte[] deeplyNested(FuzzedDataProvider data) {
        int depth = data.pickValue(DEPTHS);
        String[] nesting = NESTINGS[data.consumeInt(0, NESTINGS.length - 1)];
        String text = "{\"spec\":" + nesting[0].repeat(depth) + "1";
        // unclosed, the parser must give up at the depth limit, not at the end of the text
        return utf8(data.consumeBoolean() ? text + nesting[1].repeat(depth) + "}" : text);
    }

    private static byte[] longNumber(FuzzedDataProvider data) {
        String digits = "9".repeat(data.pickValue(DIGITS));
        String number = switch (data.consumeInt(0, 4)) {
            case 0 -> digits;
            case 1 -> "-" + digits;
            case 2 -> "0." + digits;
            case 3 -> "1e" + digits;
            default -> data.pickValue(EXPONENTS);
        };
        return utf8("{\"spec\":{\"replicas\":" + number + "}}");
    }

    /**
     * Writes the body with one object holding a key twice: a tree cannot hold that, so one key is renamed to a marker
     * and the marker replaced in the text.
     */
    private static byte[] duplicateKey(JsonNode valid, FuzzedDataProvider data) {
        ObjectNode copy = (ObjectNode) valid.deepCopy();
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(copy, objects);
        ObjectNode target = data.pickValue(objects);
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        String kept = data.pickValue(names);
        String marker = "\u0001duplicate\u0001";
        target.set(marker, target.get(kept).deepCopy());
        return utf8(copy.toString().replace(FuzzValues.quoted(marker), FuzzValues.quoted(kept)));
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode object && !object.isEmpty()) {
            objects.add(object);
        }
        node.forEach(child -> collectObjects(child, objects));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
