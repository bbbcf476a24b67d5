package io.infergate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The duration of the access line, in milliseconds with one decimal, as the line showed it when it was formatted with
 * {@code %.1f}.
 */
class AccessLineTest {

    @Test
    void shouldShowMillisecondsWithOneDecimalRoundedHalfUp() {
        assertThat(shown(0)).isEqualTo("0.0");
        assertThat(shown(49_999)).isEqualTo("0.0");
        assertThat(shown(50_000)).isEqualTo("0.1");
        assertThat(shown(1_250_000)).isEqualTo("1.3");
        assertThat(shown(1_949_999)).isEqualTo("1.9");
        assertThat(shown(12_345_678_901L)).isEqualTo("12345.7");
        assertThat(shown(-5)).isEqualTo("0.0");
    }

    private static String shown(long nanos) {
        return RequestMetrics.milliseconds(new StringBuilder(), nanos).toString();
    }
}
