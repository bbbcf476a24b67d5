package io.infergate.upstream;

import java.util.Arrays;

import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * Whether a control plane's answer is one JSON object (RFC 8259), decided in one pass over its bytes: no tokens, no
 * decoded names, nothing kept. The gateway passes an answer on as it came, so this is all it needs to know of most of
 * it; the fields the router reads are read separately, and that read stops as soon as it has them.
 * <p>
 * It accepts what Jackson's parser, skipping through the body with the same {@link StreamReadConstraints}, accepts
 * (nesting depth, number length, the length of a name and its surrogate escapes), and is stricter in one respect only:
 * the text must be strict UTF-8 (RFC 8259 section 8.1) without a byte order mark, where Jackson lets overlong forms and
 * encoded surrogates through strings it skips, skips a byte order mark, and reads UTF-16 and UTF-32 too.
 * {@code JsonObjectCheckTest} holds it to Jackson on every case of a generated corpus. It replaced Jackson here because
 * Jackson, tokenizing every name and number, took about 30 µs of a 6.5 KB answer, 15 % of a GET's CPU samples.
 */
final class JsonObjectCheck {

    /** {@link #problem} found the body empty. */
    static final String EMPTY = "empty body";
    /** {@link #problem} found a JSON value other than an object. */
    static final String NOT_AN_OBJECT = "not an object";
    /** {@link #problem} found something after the object. */
    static final String TRAILING = "trailing content after the object";
    /** {@link #problem} found text that is not JSON. */
    static final String NOT_JSON = "not JSON";

    private static final int BROKEN = -1;
    /** {@link #escaped} found one of the two-character escapes. */
    private static final int SHORT_ESCAPE = Integer.MAX_VALUE;
    private static final byte OBJECT = '{';
    private static final byte ARRAY = '[';

    /** The bytes a string holds as they are: ASCII but the control characters, the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private final int maxDepth;
    private final int maxNumberLength;
    private final int maxNameLength;

    /**
     * @param limits the limits the answer is held to, as Jackson would hold it
     */
    JsonObjectCheck(StreamReadConstraints limits) {
        this.maxDepth = limits.getMaxNestingDepth();
        this.maxNumberLength = limits.getMaxNumberLength();
        this.maxNameLength = limits.getMaxNameLength();
    }

    /**
     * @param bytes holds the body at {@code [from, to)}
     * @return {@code null} when the body is one JSON object, with nothing but whitespace around it; else what is wrong
     */
    String problem(byte[] bytes, int from, int to) {
        if (from == to) {
            return EMPTY;
        }
        int start = whitespace(bytes, from, to);
        if (start == to) {
            return NOT_AN_OBJECT;
        }
        if (bytes[start] != OBJECT) {
            return startsAValue(bytes[start]) ? NOT_AN_OBJECT : NOT_JSON;
        }
        int end = value(bytes, start, to);
        if (end == BROKEN) {
            return NOT_JSON;
        }
        return whitespace(bytes, end, to) == to ? null : TRAILING;
    }

    private static boolean startsAValue(byte first) {
        return first == ARRAY || first == '"' || first == '-' || first >= '0' && first <= '9' || first == 't'
                || first == 'f' || first == 'n';
    }

    /**
     * Reads one value, containers and all, with an explicit stack of the open containers.
     *
     * @return the index after it, or {@link #BROKEN}
     */
    private int value(byte[] b, int at, int to) {
        byte[] open = new byte[Math.max(1, Math.min(maxDepth, 32))];
        int depth = 0;
        int i = at;
        while (true) {
            // a value starts at i (after whitespace)
            i = whitespace(b, i, to);
            if (i == to) {
                return BROKEN;
            }
            byte c = b[i];
            boolean read = true;
            if (c == OBJECT || c == ARRAY) {
                if (depth == maxDepth) {
                    return BROKEN;
                }
                if (depth == open.length) {
                    open = Arrays.copyOf(open, Math.min(maxDepth, open.length * 2));
                }
                open[depth++] = c;
                i = whitespace(b, i + 1, to);
                if (i == to) {
                    return BROKEN;
                }
                if (b[i] == closing(c)) {
                    i++;
                    depth--;
                } else if (c == OBJECT) {
                    i = name(b, i, to);
                    read = false;
                } else {
                    read = false;
                }
            } else if (c == '"') {
                i = string(b, i, to, false);
            } else if (c == '-' || c >= '0' && c <= '9') {
                i = number(b, i, to);
            } else if (c == 't') {
                i = literal(b, i, to, "true");
            } else if (c == 'f') {
                i = literal(b, i, to, "false");
            } else if (c == 'n') {
                i = literal(b, i, to, "null");
            } else {
                return BROKEN;
            }
            if (i == BROKEN) {
                return BROKEN;
            }
            // after a value: close containers until a comma asks for the next value
            while (read) {
                if (depth == 0) {
                    return i;
                }
                i = whitespace(b, i, to);
                if (i == to) {
                    return BROKEN;
                }
                byte container = open[depth - 1];
                if (b[i] == ',') {
                    i = container == OBJECT ? name(b, whitespace(b, i + 1, to), to) : i + 1;
                    if (i == BROKEN) {
                        return BROKEN;
                    }
                    read = false;
                } else if (b[i] == closing(container)) {
                    i++;
                    depth--;
                } else {
                    return BROKEN;
                }
            }
        }
    }

    private static byte closing(byte container) {
        return container == OBJECT ? (byte) '}' : (byte) ']';
    }

    /**
     * Reads a member's name and its colon.
     *
     * @return the index after the colon, or {@link #BROKEN}
     */
    private int name(byte[] b, int at, int to) {
        if (at >= to || b[at] != '"') {
            return BROKEN;
        }
        int i = string(b, at, to, true);
        if (i == BROKEN) {
            return BROKEN;
        }
        i = whitespace(b, i, to);
        return i < to && b[i] == ':' ? i + 1 : BROKEN;
    }

    /**
     * Reads a string: no control characters, only the escapes RFC 8259 names, strict UTF-8. A name is held to what
     * Jackson holds the names it decodes to: at most {@code maxNameLength} bytes of UTF-8 once decoded, and the escape
     * of a surrogate only as a high one followed by the escape of a low one.
     *
     * @return the index after its closing quote, or {@link #BROKEN}
     */
    private int string(byte[] b, int at, int to, boolean name) {
        int decoded = 0;
        int i = at + 1;
        while (i < to) {
            int run = i;
            while (i < to && PLAIN[b[i] & 0xFF]) {
                i++;
            }
            decoded += i - run;
            if (i == to) {
                break;
            }
            int c = b[i] & 0xFF;
            if (c == '"') {
                return name && decoded > maxNameLength ? BROKEN : i + 1;
            }
            if (c == '\\') {
                int unit = escaped(b, i, to);
                if (unit == BROKEN) {
                    return BROKEN;
                }
                i += unit == SHORT_ESCAPE ? 2 : 6;
                if (unit == SHORT_ESCAPE || unit < 0x80) {
                    decoded++;
                } else if (unit < 0x800) {
                    decoded += 2;
                } else if (unit < 0xD800 || unit > 0xDFFF) {
                    decoded += 3;
                } else if (name) {
                    // a surrogate in a name: only a high one, and the escape of a low one right after it
                    int low = unit <= 0xDBFF && i < to && b[i] == '\\' ? escaped(b, i, to) : BROKEN;
                    if (low < 0xDC00 || low > 0xDFFF) {
                        return BROKEN;
                    }
                    i += 6;
                    decoded += 4;
                } else {
                    decoded += 3;
                }
            } else if (c < 0x80) {
                // a control character: PLAIN holds every other ASCII byte but the quote and the backslash
                return BROKEN;
            } else {
                int n = utf8(b, i, to);
                if (n == BROKEN) {
                    return BROKEN;
                }
                i += n;
                decoded += n;
            }
        }
        return BROKEN;
    }

    /**
     * @return for the escape at {@code at} (a backslash): the UTF-16 code unit a hexadecimal escape names,
     *         {@link #SHORT_ESCAPE} for the others, or {@link #BROKEN}
     */
    private static int escaped(byte[] b, int at, int to) {
        if (at + 1 >= to) {
            return BROKEN;
        }
        switch (b[at + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
                return SHORT_ESCAPE;
            case 'u':
                if (at + 6 > to) {
                    return BROKEN;
                }
                int unit = 0;
                for (int i = at + 2; i < at + 6; i++) {
                    int digit = Character.digit(b[i], 16);
                    if (digit < 0) {
                        return BROKEN;
                    }
                    unit = unit << 4 | digit;
                }
                return unit;
            default:
                return BROKEN;
        }
    }

    /**
     * One multi-byte UTF-8 sequence, held to the table of RFC 3629 section 4: no overlong form, no surrogate, nothing
     * above U+10FFFF.
     *
     * @return its length, or {@link #BROKEN}
     */
    private static int utf8(byte[] b, int at, int to) {
        int lead = b[at] & 0xFF;
        int length;
        int low = 0x80;
        int high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            low = lead == 0xE0 ? 0xA0 : 0x80;
            high = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            low = lead == 0xF0 ? 0x90 : 0x80;
            high = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            return BROKEN;
        }
        if (at + length > to) {
            return BROKEN;
        }
        int second = b[at + 1] & 0xFF;
        if (second < low || second > high) {
            return BROKEN;
        }
        for (int i = at + 2; i < at + length; i++) {
            if ((b[i] & 0xC0) != 0x80) {
                return BROKEN;
            }
        }
        return length;
    }

    /**
     * Reads a number as RFC 8259 spells it ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}), no longer than
     * Jackson reads one: its integer digits, or for a number with a fraction or an exponent its integer, fraction and
     * exponent digits together.
     *
     * @return the index after it, or {@link #BROKEN}
     */
    private int number(byte[] b, int at, int to) {
        int i = b[at] == '-' ? at + 1 : at;
        int integerStart = i;
        if (i < to && b[i] == '0') {
            i++;
        } else if (i < to && b[i] >= '1' && b[i] <= '9') {
            i = digits(b, i, to);
        } else {
            return BROKEN;
        }
        int integer = i - integerStart;
        int fraction = 0;
        int exponent = 0;
        if (i < to && b[i] == '.') {
            int start = i + 1;
            i = digits(b, start, to);
            fraction = i - start;
            if (fraction == 0) {
                return BROKEN;
            }
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int start = i;
            i = digits(b, start, to);
            exponent = i - start;
            if (exponent == 0) {
                return BROKEN;
            }
        }
        // a whole number has no fraction or exponent digits, so this is its integer digits alone
        return integer + fraction + exponent > maxNumberLength ? BROKEN : i;
    }

    private static int digits(byte[] b, int at, int to) {
        int i = at;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    private static int literal(byte[] b, int at, int to, String word) {
        if (at + word.length() > to) {
            return BROKEN;
        }
        for (int i = 0; i < word.length(); i++) {
            if (b[at + i] != word.charAt(i)) {
                return BROKEN;
            }
        }
        return at + word.length();
    }

    private static int whitespace(byte[] b, int at, int to) {
        int i = at;
        while (i < to && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }
}
