package io.infergate.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The one-pass check that an answer is one JSON object, held to the reference it replaced: Jackson's parser skipping
 * through the body with the same limits. On every generated case the check accepts only what Jackson accepts, and
 * refuses what Jackson accepts only where the bytes are not strict UTF-8 (a byte order mark, a NUL, an overlong form, an
 * encoded surrogate), which the check refuses on purpose.
 */
class JsonObjectCheckTest {

    private static final JsonFactory JACKSON = new JsonFactory();
    private static final JsonObjectCheck CHECK = new JsonObjectCheck(JACKSON.streamReadConstraints());
    /** Bytes a mutation puts in: JSON's own, whitespace, control and non-ASCII bytes, UTF-8 lead and continuation bytes. */
    private static final byte[] NOISE = bytes("{}[]\",:\\/0123456789-+.eEtrufalsnubx \t\r\n", 0x00, 0x0B, 0x1F, 0x7F,
            0x80, 0xBF, 0xC0, 0xC1, 0xC3, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFE, 0xFF);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an object with every kind of value | {\"a\":[1,-0.5e+3,true,false,null,\"x\\u00e9\\n\"],\"b\":{}} | ",
            "whitespace around and inside       | ' \t\r\n{ \"a\" : [ ] , \"b\" : { } }\n ' | ",
            "nothing                            | '' | empty body",
            "only whitespace                    | ' ' | not an object",
            "an array                           | [1,2] | not an object",
            "a string                           | \"{}\" | not an object",
            "an HTML page                       | <html><body>Internal error</body></html> | not JSON",
            "text                               | oops | not JSON",
            "a truncated object                 | {\"a\":[1,2 | not JSON",
            "a second object                    | {}{} | trailing content after the object",
            "garbage after the object           | {\"a\":1}x | trailing content after the object",
            "a trailing comma                   | {\"a\":1,} | not JSON",
            "a leading zero                     | {\"a\":01} | not JSON",
            "a bare decimal point               | {\"a\":1.} | not JSON",
            "an unknown escape                  | {\"a\":\"\\x\"} | not JSON",
            "a short unicode escape             | {\"a\":\"\\u12\"} | not JSON",
            "an unquoted name                   | {a:1} | not JSON",
            "a single-quoted string             | {\"a\":'b'} | not JSON",
            "a comment                          | {/* c */} | not JSON",
            "NaN                                | {\"a\":NaN} | not JSON",
            "a misspelt literal                 | {\"a\":tru} | not JSON" })
    void shouldTellWhatIsWrong(String what, String body, String problem) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThat(CHECK.problem(bytes, 0, bytes.length)).as(what).isEqualTo(problem);
        assertThat(problem == null).as("Jackson agrees").isEqualTo(jacksonAccepts(bytes));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a byte order mark                  | EF BB BF 7B 7D",
            "an overlong slash in a string      | 7B 22 61 22 3A 22 C0 AF 22 7D",
            "an encoded surrogate in a string   | 7B 22 61 22 3A 22 ED A0 80 22 7D",
            "a code point above U+10FFFF        | 7B 22 61 22 3A 22 F4 90 80 80 22 7D",
            "UTF-16                             | 00 7B 00 7D" })
    void shouldRefuseWhatIsNotStrictUtf8WhereJacksonIsLenient(String what, String hex) {
        byte[] bytes = java.util.HexFormat.ofDelimiter(" ").parseHex(hex);

        assertThat(jacksonAccepts(bytes)).as("Jackson accepts %s", what).isTrue();
        assertThat(CHECK.problem(bytes, 0, bytes.length)).as(what).isNotNull();
    }

    @Test
    void shouldReadOnlyTheGivenRange() {
        byte[] bytes = "xx{\"a\":1}yy".getBytes(StandardCharsets.UTF_8);

        assertThat(CHECK.problem(bytes, 2, 9)).isNull();
        assertThat(CHECK.problem(bytes, 2, 10)).isEqualTo(JsonObjectCheck.TRAILING);
    }

    @Test
    void shouldHoldTheLimitsJacksonHolds() {
        int depth = JACKSON.streamReadConstraints().getMaxNestingDepth();
        int digits = JACKSON.streamReadConstraints().getMaxNumberLength();
        int name = JACKSON.streamReadConstraints().getMaxNameLength();
        String[] bodies = { nested(depth - 1), nested(depth), nested(depth + 1),
                "{\"n\":" + "9".repeat(digits) + "}", "{\"n\":-" + "9".repeat(digits + 1) + "}",
                "{\"n\":1." + "5".repeat(digits - 1) + "}", "{\"n\":1." + "5".repeat(digits) + "}",
                "{\"n\":1e" + "5".repeat(digits - 1) + "}", "{\"n\":1.5e" + "5".repeat(digits - 1) + "}",
                "{\"" + "a".repeat(name) + "\":1}", "{\"" + "a".repeat(name + 1) + "\":1}",
                "{\"" + "\u00e9".repeat(name) + "\":1}", "{\"" + "\ud83d\ude00".repeat(name / 2 + 1) + "\":1}",
                "{\"v\":\"" + "a".repeat(200_000) + "\"}" };
        int refused = 0;
        for (String body : bodies) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            boolean expected = jacksonAccepts(bytes);
            assertThat(CHECK.problem(bytes, 0, bytes.length) == null)
                    .as("%s... (%d bytes)", body.substring(0, Math.min(40, body.length())), bytes.length)
                    .isEqualTo(expected);
            refused += expected ? 0 : 1;
        }
        // the corpus reaches past each limit, so Jackson refuses some of it
        assertThat(refused).isGreaterThanOrEqualTo(5);
    }

    @Test
    void shouldAgreeWithJacksonOnGeneratedAndMutatedBodies() {
        Random random = new Random(20261203);
        int bothAccept = 0;
        int bothRefuse = 0;
        int strictOnly = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] body = mutated(random, generated(random));
            boolean jackson = jacksonAccepts(body);
            boolean check = CHECK.problem(body, 0, body.length) == null;
            String shown = new String(body, StandardCharsets.ISO_8859_1);
            if (check) {
                assertThat(jackson).as("accepted by the check, refused by Jackson: %s", shown).isTrue();
                bothAccept++;
            } else if (jackson) {
                assertThat(strictUtf8WithoutBomOrNul(body)).as("refused by the check only: %s", shown).isFalse();
                strictOnly++;
            } else {
                bothRefuse++;
            }
        }
        // the corpus is no trivial one: many of each verdict
        assertThat(bothAccept).isGreaterThan(15_000);
        assertThat(bothRefuse).isGreaterThan(15_000);
        assertThat(strictOnly).isPositive();
    }

    private static boolean jacksonAccepts(byte[] body) {
        if (body.length == 0) {
            return false;
        }
        try (JsonParser parser = JACKSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean strictUtf8WithoutBomOrNul(byte[] body) {
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            return false;
        }
        for (byte b : body) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String nested(int depth) {
        StringBuilder body = new StringBuilder("{\"a\":");
        body.append("[".repeat(depth - 1)).append("]".repeat(depth - 1));
        return body.append('}').toString();
    }

    private static byte[] generated(Random random) {
        StringBuilder body = new StringBuilder();
        object(random, body, 0);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void object(Random random, StringBuilder body, int depth) {
        body.append('{');
        int members = random.nextInt(depth == 0 ? 6 : 4);
        for (int i = 0; i < members; i++) {
            body.append(i == 0 ? "" : ",").append(space(random));
            string(random, body);
            body.append(space(random)).append(':').append(space(random));
            value(random, body, depth + 1);
        }
        body.append(space(random)).append('}');
    }

    private static void value(Random random, StringBuilder body, int depth) {
        switch (random.nextInt(depth > 4 ? 5 : 7)) {
            case 0 -> string(random, body);
            case 1 -> body.append(number(random));
            case 2 -> body.append(new String[] { "true", "false", "null" }[random.nextInt(3)]);
            case 3, 4 -> body.append(random.nextInt(1000));
            case 5 -> object(random, body, depth);
            default -> {
                body.append('[');
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    body.append(i == 0 ? "" : ",").append(space(random));
                    value(random, body, depth + 1);
                }
                body.append(']');
            }
        }
    }

    private static void string(Random random, StringBuilder body) {
        String[] pieces = { "a", "Z", "workloadId", " ", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u00e9", "\\uD83D\\uDE00",
                "\u00e9", "\u20ac", "\ud83d\ude00", "0", "{", "]", ":", "," };
        body.append('"');
        for (int i = random.nextInt(6); i > 0; i--) {
            body.append(pieces[random.nextInt(pieces.length)]);
        }
        body.append('"');
    }

    private static String number(Random random) {
        String[] numbers = { "0", "-0", "7", "-12", "3.25", "-0.5", "1e9", "2E-3", "6.02e+23", "123456789012345678901234",
                "0.000001" };
        return numbers[random.nextInt(numbers.length)];
    }

    private static String space(Random random) {
        return random.nextInt(4) == 0 ? " \n\t\r".substring(random.nextInt(4)) : "";
    }

    /** Most bodies get one to three edits: a byte replaced, put in or taken out, the end cut off or added to. */
    private static byte[] mutated(Random random, byte[] body) {
        byte[] bytes = body;
        int edits = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(3);
        for (int e = 0; e < edits && bytes.length > 0; e++) {
            int at = random.nextInt(bytes.length);
            byte noise = NOISE[random.nextInt(NOISE.length)];
            bytes = switch (random.nextInt(5)) {
                case 0 -> replaced(bytes, at, noise);
                case 1 -> inserted(bytes, at, noise);
                case 2 -> removed(bytes, at);
                case 3 -> java.util.Arrays.copyOf(bytes, at);
                default -> inserted(bytes, bytes.length, noise);
            };
        }
        return bytes;
    }

    private static byte[] replaced(byte[] bytes, int at, byte b) {
        byte[] copy = bytes.clone();
        copy[at] = b;
        return copy;
    }

    private static byte[] inserted(byte[] bytes, int at, byte b) {
        byte[] copy = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        copy[at] = b;
        System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
        return copy;
    }

    private static byte[] removed(byte[] bytes, int at) {
        byte[] copy = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        System.arraycopy(bytes, at + 1, copy, at, bytes.length - at - 1);
        return copy;
    }

    private static byte[] bytes(String ascii, int... more) {
        byte[] bytes = new byte[ascii.length() + more.length];
        for (int i = 0; i < ascii.length(); i++) {
            bytes[i] = (byte) ascii.charAt(i);
        }
        for (int i = 0; i < more.length; i++) {
            bytes[ascii.length() + i] = (byte) more[i];
        }
        return bytes;
    }
}
