package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The token the fast path looks up is the one Quarkus OIDC reads from the same header: the scheme before the first space
 * in any case, then everything after that space, as it is.
 */
class RememberedBearerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", ignoreLeadingAndTrailingWhitespace = false, value = {
            "Bearer abc.def.ghi|abc.def.ghi",
            "bearer abc|abc",
            "BEARER abc|abc",
            "Bearer  abc| abc",
            "Bearer abc |abc ",
            "Bearer |''",
            "Bearerabc|null",
            "Bear abc|null",
            "Bearers abc|null",
            "Basic abc|null",
            " Bearer abc|null",
            "abc|null",
            "''|null" })
    void shouldReadTheTokenAsQuarkusOidcDoes(String header, String token) {
        assertThat(RememberedBearer.bearerToken(header)).isEqualTo(token);
    }

    @Test
    void shouldFindNoTokenWithoutAHeader() {
        assertThat(RememberedBearer.bearerToken(null)).isNull();
    }
}
