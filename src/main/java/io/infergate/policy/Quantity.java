package io.infergate.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes resource quantity ({@code 512Mi}, {@code 1.5G}, {@code 250m}, {@code 1e9}) as a number and its
 * suffix, so that policies can bound quantities ({@code max: 2G}) and scale them ({@code defaultFrom} with a factor).
 * Only what that needs: the request itself was already checked against the contract.
 *
 * @param mantissa the number as written, e.g. 1.5 for {@code 1.5Gi}
 * @param suffix the unit as written, e.g. {@code Gi}; {@code ""} for none
 * @param value the amount in base units (bytes, cores)
 */
record Quantity(BigDecimal mantissa, String suffix, BigDecimal value) {

    private static final Map<String, Integer> DECIMAL = Map.of(
            "n", -9, "u", -6, "m", -3, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<String, Integer> BINARY = Map.of(
            "Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
    private static final int MAX_LENGTH = 128;

    /**
     * @param text a quantity as written, e.g. {@code 1.5Gi}
     * @return it, or empty when it is not a quantity
     */
    static Optional<Quantity> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int start = text.charAt(0) == '+' ? 1 : 0;
        int end = start;
        while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.')) {
            end++;
        }
        BigDecimal mantissa;
        try {
            mantissa = new BigDecimal(text.substring(start, end));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
        String suffix = text.substring(end);
        return scaled(mantissa, suffix).map(value -> new Quantity(mantissa, suffix, value));
    }

    private static Optional<BigDecimal> scaled(BigDecimal mantissa, String suffix) {
        if (suffix.isEmpty()) {
            return Optional.of(mantissa);
        }
        if (DECIMAL.containsKey(suffix)) {
            return Optional.of(mantissa.scaleByPowerOfTen(DECIMAL.get(suffix)));
        }
        if (BINARY.containsKey(suffix)) {
            return Optional.of(mantissa.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(BINARY.get(suffix)))));
        }
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            try {
                int exponent = Integer.parseInt(suffix.substring(1));
                return Math.abs(exponent) > 100 ? Optional.empty() : Optional.of(mantissa.scaleByPowerOfTen(exponent));
            } catch (NumberFormatException notAnExponent) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * @return this quantity times {@code factor}, in the same unit (half of {@code 3Gi} is {@code 1.5Gi})
     */
    String times(BigDecimal factor) {
        return mantissa.multiply(factor).stripTrailingZeros().toPlainString() + suffix;
    }
}
