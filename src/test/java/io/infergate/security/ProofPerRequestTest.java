package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where Quarkus OIDC checks a proof on every request besides the token, a verified token is never remembered: a DPoP
 * proof is signed for one request, a certificate-bound token holds only with its certificate.
 */
class ProofPerRequestTest {

    @ParameterizedTest
    @CsvSource({
            "Bearer, false, false",
            "bearer, false, false",
            "Token, false, false",
            "DPoP, false, true",
            "dpop, false, true",
            "Bearer, true, true",
            "DPoP, true, true" })
    void shouldRememberNothingWhereEachRequestCarriesItsOwnProof(String scheme, boolean bound, boolean perRequest) {
        assertThat(VerifiedTokens.provenPerRequest(scheme, bound)).isEqualTo(perRequest);
    }
}
