package io.infergate.contract;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * A Kubernetes resource quantity ({@code 512Mi}, {@code 1.5G}, {@code 250m}, {@code 1e9}) as written and as Kubernetes
 * stores it, read by the one parser of {@link Quantities}: the contract compares a limit with its request by
 * {@link #value()}, the policies bound quantities by it ({@code max: 2G}) and scale them in their own unit
 * ({@code defaultFrom} with a factor, {@link #times}).
 *
 * @param mantissa the number as written, e.g. 1.5 for {@code 1.5Gi}
 * @param suffix the unit as written, e.g. {@code Gi}; {@code ""} for none
 * @param value the amount in base units (bytes, cores), rounded up to nano units and capped as Kubernetes does
 */
public record Quantity(BigDecimal mantissa, String suffix, BigDecimal value) {

    /**
     * @param text a quantity as written, e.g. {@code 1.5Gi}
     * @return it, or empty when Kubernetes would not accept it as a quantity
     */
    public static Optional<Quantity> parse(String text) {
        return Quantities.read(text);
    }

    /**
     * @return this quantity times {@code factor}, in the same unit (half of {@code 3Gi} is {@code 1.5Gi})
     */
    public String times(BigDecimal factor) {
        return mantissa.multiply(factor).stripTrailingZeros().toPlainString() + suffix;
    }
}
