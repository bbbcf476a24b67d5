package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.infergate.testing.TestTokens;

/**
 * What the log filter takes out of a line, and what it leaves: tokens and secrets go, prose about them stays readable.
 */
class RedactingFilterTest {

    private static final RedactingFilter FILTER = new RedactingFilter(null, List.of("s3cr3t-value"));

    @Test
    void shouldReplaceJwtsBearerCredentialsAndSecretsInTheMessage() {
        String jwt = TestTokens.admin();
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "token %s, header Authorization: Bearer %s, secret %s",
                ExtLogRecord.FormatStyle.PRINTF, RedactingFilterTest.class.getName());
        record.setParameters(new Object[] { jwt, "opaque-credential-0123456789", "s3cr3t-value" });

        assertThat(FILTER.isLoggable(record)).isTrue();

        assertThat(record.getFormattedMessage())
                .isEqualTo("token <redacted>, header Authorization: Bearer <redacted>, secret <redacted>");
    }

    @Test
    void shouldReplaceTokensInTheMessagesOfTheExceptionAndItsCauses() {
        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, "failed", RedactingFilterTest.class.getName());
        record.setThrown(new IllegalStateException("outer", new IllegalArgumentException("JWS ->" + TestTokens.admin())));

        FILTER.isLoggable(record);

        assertThat(record.getThrown().toString()).isEqualTo("java.lang.IllegalStateException: outer");
        assertThat(record.getThrown().getCause().toString())
                .isEqualTo("java.lang.IllegalArgumentException: JWS -><redacted>");
        assertThat(record.getThrown().getCause().getStackTrace()).isNotEmpty();
    }

    @Test
    void shouldLeaveProseAboutTokensAsItIs() {
        String[] prose = { "WWW-Authenticate: Bearer realm=\"infergate\"", "Bearer access token is not available",
                "Authorization scheme: Bearer", "GET /api/v1/workloads 200 3.1ms subject=eyJ-user" };
        for (String line : prose) {
            assertThat(filtered(line)).isEqualTo(line);
        }
    }

    @Test
    void shouldLetTheHandlersOwnFilterDecideFirst() {
        RedactingFilter refusing = new RedactingFilter(record -> false, List.of());

        assertThat(refusing.isLoggable(new ExtLogRecord(Level.INFO, "x", RedactingFilterTest.class.getName())))
                .isFalse();
    }

    @Test
    void shouldRedactABearerCredentialInAnyCaseAndAfterAnyWhitespace() {
        String[] lines = { "auth BEARER opaque-credential-0123456789", "auth bEaReR\topaque-credential-0123456789",
                "Bearer opaque-credential-0123456789 at the start", "x-bearer  opaque-credential-0123456789" };
        for (String line : lines) {
            assertThat(filtered(line)).contains("<redacted>").doesNotContain("opaque-credential");
        }
    }

    @Test
    void shouldFindTheWordBearerOnlyWhereItIs() {
        assertThat(RedactingFilter.mentionsBearer("GET /api 200 1.0ms subject=BeArEr")).isTrue();
        assertThat(RedactingFilter.mentionsBearer("bearer")).isTrue();
        assertThat(RedactingFilter.mentionsBearer("GET /api 200 1.0ms cluster=east outcome=forwarded subject=bea"))
                .isFalse();
        assertThat(RedactingFilter.mentionsBearer("")).isFalse();
    }

    /**
     * @return a plain line as the filter leaves it for the handler
     */
    private static String filtered(String line) {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, line, ExtLogRecord.FormatStyle.NO_FORMAT,
                RedactingFilterTest.class.getName());
        FILTER.isLoggable(record);
        return record.getFormattedMessage();
    }
}
