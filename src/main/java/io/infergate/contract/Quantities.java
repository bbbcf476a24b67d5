package io.infergate.contract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Kubernetes resource quantities ({@code 512Mi}, {@code 1.5G}, {@code 1e9}, {@code 250m}) into exact decimals, so
 * that a limit can be compared with its request the way Kubernetes compares them.
 * <p>
 * The vendor schema only checks {@code ^([+]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$}, which lets through strings that
 * Kubernetes rejects ({@code 1..2}, {@code 5kk}, {@code 1K}, {@code 1e}); this parser follows {@code resource.Quantity}
 * instead: an optional {@code +}, a decimal number ({@code 1}, {@code 1.5}, {@code 1.}, {@code .5}), then at most one
 * suffix: binary ({@code Ki Mi Gi Ti Pi Ei}), decimal ({@code n u m k M G T P E}) or an exponent ({@code e3},
 * {@code E-2}). A minus sign is refused because the vendor pattern refuses it and no resource amount is negative; a
 * string with no digit at all ({@code +}, {@code .}) is refused although Kubernetes reads it as zero, because nobody
 * means zero by it.
 */
final class Quantities {

    /** Far above the vendor's 63 characters; it only keeps a hostile string from costing CPU. */
    static final int MAX_LENGTH = 128;

    /** Kubernetes caps every quantity at the largest int64. */
    static final BigDecimal MAX_VALUE = BigDecimal.valueOf(Long.MAX_VALUE);

    /** Kubernetes rounds every non-zero quantity up to whole nano units. */
    private static final int NANO_SCALE = 9;

    /**
     * A mantissa has fewer than {@link #MAX_LENGTH} digits, so beyond this exponent the value is capped or rounded to one
     * nano unit anyway; clamping first keeps {@link BigDecimal} scales small.
     */
    private static final int EXPONENT_CLAMP = 1000;

    private static final Map<String, Integer> DECIMAL_SUFFIXES = Map.of(
            "n", -9, "u", -6, "m", -3, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);

    private static final Map<String, Integer> BINARY_SUFFIXES = Map.of(
            "Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);

    private Quantities() {
    }

    /**
     * @param text a quantity as written in a request, e.g. {@code 1.5Gi}
     * @return its value in base units (bytes, cores), rounded up to nano units and capped at {@link #MAX_VALUE} as
     *         Kubernetes does; empty when Kubernetes would not accept the string
     */
    static Optional<BigDecimal> parse(String text) {
        return read(text).map(Quantity::value);
    }

    /**
     * @param text a quantity as written, e.g. {@code 1.5Gi}
     * @return it as written and as Kubernetes stores it; empty when Kubernetes would not accept the string
     */
    static Optional<Quantity> read(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int start = text.charAt(0) == '+' ? 1 : 0;
        int end = skipDigits(text, start);
        boolean digits = end > start;
        if (end < text.length() && text.charAt(end) == '.') {
            int fractionEnd = skipDigits(text, end + 1);
            digits |= fractionEnd > end + 1;
            end = fractionEnd;
        }
        if (!digits) {
            return Optional.empty();
        }
        BigDecimal mantissa = new BigDecimal(text.substring(start, end));
        String suffix = text.substring(end);
        return scale(mantissa, suffix)
                .map(Quantities::asKubernetesStoresIt)
                .map(value -> new Quantity(mantissa, suffix, value));
    }

    private static Optional<BigDecimal> scale(BigDecimal mantissa, String suffix) {
        if (suffix.isEmpty()) {
            return Optional.of(mantissa);
        }
        Integer power = DECIMAL_SUFFIXES.get(suffix);
        if (power != null) {
            return Optional.of(mantissa.scaleByPowerOfTen(power));
        }
        Integer bits = BINARY_SUFFIXES.get(suffix);
        if (bits != null) {
            return Optional.of(mantissa.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(bits))));
        }
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            return exponent(suffix.substring(1))
                    .map(exponent -> mantissa.scaleByPowerOfTen(exponent));
        }
        return Optional.empty();
    }

    private static Optional<Integer> exponent(String text) {
        int start = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
        if (start == text.length() || skipDigits(text, start) != text.length()) {
            return Optional.empty();
        }
        try {
            // Kubernetes keeps the exponent in 32 bits; a longer one would be silently truncated there
            int exponent = Integer.parseInt(text);
            return Optional.of(Math.max(-EXPONENT_CLAMP, Math.min(EXPONENT_CLAMP, exponent)));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    private static BigDecimal asKubernetesStoresIt(BigDecimal value) {
        BigDecimal rounded = value.scale() > NANO_SCALE ? value.setScale(NANO_SCALE, RoundingMode.UP) : value;
        return rounded.compareTo(MAX_VALUE) > 0 ? MAX_VALUE : rounded;
    }

    /** ASCII digits only: {@link Character#isDigit} would also accept digits of other scripts. */
    private static int skipDigits(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
