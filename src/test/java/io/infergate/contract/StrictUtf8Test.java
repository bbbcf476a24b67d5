package io.infergate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.infergate.error.GatewayException;
import io.vertx.core.buffer.Buffer;

/**
 * Request bodies are read as strict UTF-8 without a byte order mark only, whatever Jackson alone would accept, so that a
 * control plane reading the forwarded bytes reads the fields the gateway checked. Every refusal names the byte offset.
 */
class StrictUtf8Test {

    private static final String PREFIX = "{\"spec\":{\"priorityCl";
    private final JsonBodies bodies = new JsonBodies();

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "overlong 'a' (two bytes), C1A1",
            "overlong '/' (two bytes), C0AF",
            "overlong '/' (three bytes), E080AF",
            "overlong '/' (four bytes), F08080AF",
            "high surrogate encoded, EDA080",
            "low surrogate encoded, EDBFBF",
            "code point above U+10FFFF, F4908080",
            "lead byte beyond U+10FFFF, F5808080",
            "byte FE, FE",
            "byte FF, FF",
            "stray continuation byte, 80",
            "stray continuation bytes, BFBF",
            "sequence cut short by a quote, E282",
            "four-byte sequence cut short, F09F98" })
    void shouldRefuseBytesThatAreNotStrictUtf8NamingTheirOffset(String what, String hex) {
        // Given a field name with the bytes inside, at a known offset
        byte[] body = body(PREFIX, HexFormat.of().parseHex(hex), "ss\":\"very-high\"}}");

        // When it is read, Then it is refused at that offset, with the bytes shown
        assertThat(refusal(body).details()).contains("byte offset " + PREFIX.length())
                .contains(HexFormat.ofDelimiter(" ").withUpperCase().formatHex(HexFormat.of().parseHex(hex), 0, 1));
    }

    @Test
    void shouldRefuseASequenceTruncatedByTheEndOfTheBody() {
        byte[] body = body("{\"a\":1}", HexFormat.of().parseHex("E282"), "");

        assertThat(refusal(body).details()).contains("byte offset 7").contains("E2");
    }

    @Test
    void shouldRefuseAUtf8ByteOrderMark() {
        byte[] body = body("", HexFormat.of().parseHex("EFBBBF"), "{\"a\":1}");

        assertThat(refusal(body).details()).contains("byte order mark").contains("byte offset 0");
    }

    @ParameterizedTest
    @CsvSource({ "UTF-16BE, '', 0", "UTF-16LE, '', 1", "UTF-16BE, FEFF, 0", "UTF-16LE, FFFE, 0", "UTF-32BE, '', 0",
            "UTF-32LE, '', 1", "UTF-32BE, 0000FEFF, 0", "UTF-32LE, FFFE0000, 0" })
    void shouldRefuseUtf16AndUtf32WithAndWithoutAByteOrderMark(String charset, String bom, int offset) {
        // Given a body in another Unicode encoding, with or without its byte order mark
        byte[] body = body("", HexFormat.of().parseHex(bom), "");
        body = concat(body, "{\"a\":1}".getBytes(Charset.forName(charset)));

        // When it is read, Then it is refused at its first byte that UTF-8 cannot carry in JSON
        assertThat(refusal(body).details()).contains("byte offset " + offset);
    }

    @Test
    void shouldReadEveryValidUtf8FormAsJacksonDoes() {
        // Given text with two-, three- and four-byte characters, a BOM character inside a string and U+2028
        String text = "{\"v\":\"é € 日本 𝄞 \uFEFF \u2028 \\u0000\"}";

        // When it is read, Then the tree holds exactly that text
        assertThat(bodies.object(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8))).get("v").textValue())
                .isEqualTo("é € 日本 𝄞 \uFEFF \u2028 \u0000");
    }

    private GatewayException refusal(byte[] body) {
        GatewayException refused = catchThrowableOfType(GatewayException.class, () -> bodies.object(Buffer.buffer(body)));
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.details()).contains("must be UTF-8");
        return refused;
    }

    static byte[] body(String before, byte[] middle, String after) {
        return concat(concat(before.getBytes(StandardCharsets.UTF_8), middle), after.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
