package io.infergate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which texts are a workload or cluster id: the canonical 8-4-4-4-12 form only, in either case.
 */
class CanonicalUuidTest {

    /** The definition the scan implements, as a regular expression. */
    private static final Pattern CANONICAL = Pattern
            .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @ParameterizedTest
    @ValueSource(strings = { "3fa85f64-5717-4562-b3fc-2c963f66afa6", "3FA85F64-5717-4562-B3FC-2C963F66AFA6",
            "00000000-0000-0000-0000-000000000000" })
    void shouldReadTheCanonicalForm(String text) {
        assertThat(CanonicalUuid.parse(text)).contains(UUID.fromString(text));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "1-2-3-4-5", "3fa85f64-5717-4562-b3fc-2c963f66afa", "3fa85f64-5717-4562-b3fc-2c963f66afa6a",
            "3fa85f6405717-4562-b3fc-2c963f66afa6", "3fa85f64-5717-4562-b3fc-2c963f66afag",
            " 3fa85f64-5717-4562-b3fc-2c963f66afa",
            "3fa85f64+5717-4562-b3fc-2c963f66afa6", "{3fa85f64-5717-4562-b3fc-2c963f66af}",
            "3fa85f64-5717-4562-b3fc-2c963f66af\u0661" })
    void shouldRefuseEveryOtherSpelling(String text) {
        assertThat(CanonicalUuid.parse(text)).isEmpty();
    }

    @Test
    void shouldReadNoIdFromNull() {
        assertThat(CanonicalUuid.parse(null)).isEmpty();
    }

    @Test
    void shouldAgreeWithTheDefinitionOnMutatedIds() {
        Random random = new Random(18);
        String alphabet = "0123456789abcdefABCDEFgG-_ {}\u0661";
        for (int i = 0; i < 200_000; i++) {
            char[] text = UUID.randomUUID().toString().toCharArray();
            for (int edits = random.nextInt(3); edits > 0; edits--) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String mutated = random.nextInt(20) == 0 ? new String(text, 0, random.nextInt(text.length)) : new String(text);
            Optional<UUID> expected = CANONICAL.matcher(mutated).matches()
                    ? Optional.of(UUID.fromString(mutated))
                    : Optional.empty();
            assertThat(CanonicalUuid.parse(mutated)).as(mutated).isEqualTo(expected);
        }
    }
}
