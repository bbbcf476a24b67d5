package io.infergate.contract;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.regex.JoniRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;

/**
 * Values that break a {@code pattern} or a {@code format} of the spec, for mutation tests.
 */
final class Patterns {

    /** Tried in order; the first one the pattern rejects is used. */
    private static final List<String> CANDIDATES = List.of("Not Valid!", "-", "UPPER", "a..b", "?", "0", "a_b", "");

    private Patterns() {
    }

    /**
     * @param minLength the schema's {@code minLength}, 0 if none
     * @param maxLength the schema's {@code maxLength}, {@link Integer#MAX_VALUE} if none
     * @return a string within the lengths that the ECMA-262 pattern does not match, if there is one among the
     *         candidates; patterns such as {@code .*} match every string and constrain nothing. Within the lengths,
     *         because a string past its {@code maxLength} is refused for its length alone (the pattern is not matched)
     */
    static Optional<String> nonMatching(String pattern, int minLength, int maxLength) {
        RegularExpression regex = JoniRegularExpressionFactory.getInstance().getRegularExpression(pattern);
        return CANDIDATES.stream()
                .filter(candidate -> candidate.length() >= minLength && candidate.length() <= maxLength)
                .filter(candidate -> !regex.matches(candidate))
                .findFirst();
    }

    /**
     * @return a value of the right JSON type outside the format, or {@code null} for formats that constrain nothing in a
     *         request ({@code double}, {@code float})
     */
    static JsonNode outOfFormat(String format) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (format) {
            case "uuid" -> nodes.textNode("3fa85f64-5717-4562-b3fc");
            case "int32" -> nodes.numberNode(BigInteger.valueOf(Integer.MAX_VALUE).add(BigInteger.ONE));
            case "int64" -> nodes.numberNode(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE));
            case "hostname" -> nodes.textNode("not a host!");
            case "date-time" -> nodes.textNode("yesterday");
            default -> null;
        };
    }
}
