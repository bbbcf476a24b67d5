package io.infergate.contract;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.infergate.error.GatewayException;

/**
 * Accepts a request body only as strict UTF-8 without a byte order mark, so that every reader of the bytes the gateway
 * forwards reads the text it checked.
 * <p>
 * Jackson is lenient: it decodes the overlong {@code C1 A1} as {@code a}, detects UTF-16 and UTF-32 from zero bytes,
 * and skips a BOM. A control plane with a strict or replacing decoder reads other field names from the same bytes
 * ({@code "priorityCl\xC1\xA1ss"} is {@code priorityClass} to Jackson, an unknown field to a replacing decoder), and
 * a body that policy leaves alone goes upstream as sent. So a body must decode with the JDK's UTF-8 decoder set to
 * report every malformed sequence (overlong forms, encoded surrogates, code points above U+10FFFF, truncated
 * sequences, stray continuation bytes), must not start with a BOM (RFC 8259 section 8.1), and must hold no NUL byte:
 * JSON text never contains one, and zero bytes are how UTF-16 and UTF-32 look to a UTF-8 reader and to Jackson's
 * encoding detection. What passes can only be read as UTF-8, by Jackson and by anyone upstream.
 */
final class StrictUtf8 {

    private static final String MUST = "The request body must be UTF-8 JSON without a byte order mark";

    private StrictUtf8() {
    }

    /**
     * @param bytes a request body
     * @return the text the bytes decode to, which Jackson then reads without decoding them a second time
     * @throws GatewayException 400 naming the byte offset of the first byte that is not strict UTF-8
     */
    static CharBuffer check(byte[] bytes) {
        if (bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
            throw refused(MUST + " (RFC 8259 section 8.1), but it starts with one (EF BB BF at byte offset 0).");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never has more chars than bytes
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decode(decoder, in, out);
        // the first problem is the one to name: a NUL before the first malformed byte comes first
        int end = result.isError() ? in.position() : bytes.length;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == 0) {
                throw refused(MUST + ": it holds a NUL byte at byte offset " + i + ", which JSON text never does"
                        + " (UTF-16 and UTF-32 are not accepted).");
            }
        }
        if (result.isError()) {
            throw refused(MUST + ", but the bytes at byte offset " + end + " (" + hex(bytes, end, result.length())
                    + ") are not UTF-8: an overlong or truncated sequence, an encoded surrogate, a code point above"
                    + " U+10FFFF or a stray continuation byte.");
        }
        return out.flip();
    }

    /**
     * @return the decoder's verdict on all of {@code in}: underflow when it decoded, an error with {@code in} at the
     *         first malformed byte when not
     */
    private static CoderResult decode(CharsetDecoder decoder, ByteBuffer in, CharBuffer out) {
        CoderResult result = decoder.decode(in, out, true);
        return result.isError() ? result : decoder.flush(out);
    }

    private static String hex(byte[] bytes, int offset, int length) {
        StringBuilder shown = new StringBuilder();
        for (int i = offset; i < Math.min(bytes.length, offset + Math.min(length, 4)); i++) {
            shown.append(shown.length() == 0 ? "" : " ").append(String.format("%02X", bytes[i] & 0xFF));
        }
        return shown.toString();
    }

    private static GatewayException refused(String details) {
        return GatewayException.malformedJson(details);
    }
}
