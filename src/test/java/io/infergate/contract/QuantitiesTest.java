package io.infergate.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kubernetes quantities as {@code resource.ParseQuantity} reads them, including the strings the vendor's pattern lets
 * through although Kubernetes refuses them.
 */
class QuantitiesTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "0, 0",
            "1, 1",
            "+1, 1",
            "007, 7",
            "1.5, 1.5",
            "1., 1",
            ".5, 0.5",
            "0.000000001, 0.000000001",
            "512, 512",
            "1n, 0.000000001",
            "1u, 0.000001",
            "250m, 0.25",
            "1k, 1000",
            "1M, 1000000",
            "1G, 1000000000",
            "1.5G, 1500000000",
            "1T, 1000000000000",
            "1P, 1000000000000000",
            "1E, 1000000000000000000",
            "1Ki, 1024",
            "1Mi, 1048576",
            "1Gi, 1073741824",
            "1.5Gi, 1610612736",
            "+.5Gi, 536870912",
            "1Ti, 1099511627776",
            "1Pi, 1125899906842624",
            "2Ei, 2305843009213693952",
            "1e3, 1000",
            "1E3, 1000",
            "1e+3, 1000",
            "1.5e3, 1500",
            "1e-3, 0.001",
            "5e0, 5"
    })
    void shouldReadAQuantityExactly(String text, String expected) {
        // When the quantity is read
        // Then it has the exact value in base units
        assertThat(Quantities.parse(text)).hasValueSatisfying(value -> assertThat(value)
                .isEqualByComparingTo(new BigDecimal(expected)));
    }

    @Test
    void shouldCompareBinaryAndDecimalUnitsByValue() {
        // Given the same amount written in two units, and one slightly smaller
        // When they are read
        BigDecimal binary = Quantities.parse("2Gi").orElseThrow();
        BigDecimal mebi = Quantities.parse("2048Mi").orElseThrow();
        BigDecimal decimal = Quantities.parse("2G").orElseThrow();

        // Then they compare by value, not by spelling
        assertThat(binary).isEqualByComparingTo(mebi);
        assertThat(decimal).isLessThan(binary);
    }

    @Test
    void shouldRoundUpBelowOneNanoUnitAsKubernetesDoes() {
        // Given amounts finer than Kubernetes stores
        // When they are read
        // Then they round up to the next nano unit instead of vanishing
        assertThat(Quantities.parse("0.1n")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.000000001"));
        assertThat(Quantities.parse("1.0000000001")).hasValueSatisfying(
                v -> assertThat(v).isEqualByComparingTo("1.000000001"));
        assertThat(Quantities.parse("1e-2000")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1e-9"));
        assertThat(Quantities.parse("0e-2000")).hasValueSatisfying(v -> assertThat(v).isZero());
    }

    @ParameterizedTest
    @ValueSource(strings = { "1e19", "9999999999999999999", "16Ei", "1e2000000000", "1.5e2147483647" })
    void shouldCapAtTheLargestInt64AsKubernetesDoes(String text) {
        // When a quantity beyond int64 is read
        // Then it is capped, as Kubernetes caps it
        assertThat(Quantities.parse(text)).contains(Quantities.MAX_VALUE);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            // let through by the vendor pattern, refused by Kubernetes
            "1..2", "5kk", "1K", "1e", "1E+", "1e-", "1i", "1ki", "1KiB", "1Gib", "1mi", "1Mm", "1e3k", "1e1.5",
            "1.2.3",
            // read by Kubernetes as zero or with a truncated exponent, refused here as mistakes
            ".", "+", "+.", "1e99999999999",
            // refused by both
            "-1", "5Q", "1 Gi", " 1", "1Gi ", "Gi", "e3", "1,5", "0x10", "++1", "1e--3",
            // digits of other scripts
            "١٢", "1e١"
    })
    void shouldRefuseWhatKubernetesRefuses(String text) {
        // When an invalid quantity is read
        // Then there is no value
        assertThat(Quantities.parse(text)).isEmpty();
    }

    @Test
    void shouldRefuseAnOverlongStringWithoutReadingIt() {
        // Given a quantity far longer than any real one
        String text = "1".repeat(Quantities.MAX_LENGTH + 1);

        // When it is read
        // Then it is refused
        assertThat(Quantities.parse(text)).isEmpty();
        assertThat(Quantities.parse("1".repeat(Quantities.MAX_LENGTH - 2) + "Gi")).isPresent();
    }

    @Test
    void shouldScaleAQuantityInTheUnitItWasWrittenIn() {
        // Given quantities as a policy's defaultFrom reads them from a request
        Quantity gibi = Quantity.parse("3Gi").orElseThrow();
        Quantity milli = Quantity.parse("250m").orElseThrow();

        // When they are halved and doubled
        // Then the unit stays as written, and the value is the one the contract compares
        assertThat(gibi.times(new BigDecimal("0.5"))).isEqualTo("1.5Gi");
        assertThat(milli.times(BigDecimal.valueOf(2))).isEqualTo("500m");
        assertThat(gibi.value()).isEqualByComparingTo(Quantities.parse("3072Mi").orElseThrow());
    }

    @Test
    void shouldRefuseForPoliciesWhatKubernetesRefuses() {
        // Given strings the policies' own parser used to read: digits of another script, two suffixes
        // When they are read as quantities
        // Then none is one
        assertThat(Quantity.parse("\u0661\u0662")).isEmpty();
        assertThat(Quantity.parse("5kk")).isEmpty();
        assertThat(Quantity.parse("1..2")).isEmpty();
    }
}
