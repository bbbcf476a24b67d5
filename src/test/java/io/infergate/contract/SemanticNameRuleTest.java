package io.infergate.contract;

import static io.infergate.contract.SemanticBodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The optional DNS-1035 rule on the workload name ({@code infergate.contract.dns1035-names}).
 */
class SemanticNameRuleTest {

    @ParameterizedTest
    @CsvSource({
            "Llama, false",
            "llama_70b, false",
            "70b-llama, false",
            "llama-, false",
            "-llama, false",
            "llama.chat, false",
            "'', false",
            "LLAMA-, true",
            "9lives, true"
    })
    void shouldRefuseANameThatIsNotADns1035Label(String name, boolean prefix) {
        // When the name is checked with the rule enabled
        // Then it is reported
        assertThat(new SemanticRules(true).check(body(name, prefix))).extracting(Violation::rule, Violation::pointer)
                .containsExactly(tuple("name.dns-1035", "/name"));
    }

    @ParameterizedTest
    @CsvSource({
            "l, false",
            "llama-3-70b-chat, false",
            "a--b, false",
            "llama-, true",
            "l, true"
    })
    void shouldAcceptADns1035Label(String name, boolean prefix) {
        // When a label (or, as a prefix, one that may end with '-') is checked
        // Then nothing is reported
        assertThat(new SemanticRules(true).check(body(name, prefix))).isEmpty();
    }

    @Test
    void shouldAllow63CharactersOr57ForAPrefix() {
        // Given names at and just over the limits
        String longest = "a".repeat(63);
        String longestPrefix = "a".repeat(57);
        SemanticRules rules = new SemanticRules(true);

        // When they are checked
        // Then 63 characters pass, 64 do not, and a prefix leaves 6 for the generated suffix
        assertThat(rules.check(body(longest, false))).isEmpty();
        assertThat(rules.check(body(longest + "a", false))).extracting(Violation::rule).containsExactly("name.dns-1035");
        assertThat(rules.check(body(longestPrefix, true))).isEmpty();
        assertThat(rules.check(body(longestPrefix + "a", true))).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("58 characters, at most 57"));
    }

    @Test
    void shouldNotCheckTheNameWhenTheRuleIsOff() {
        // Given a name that is no DNS label
        // When it is checked with the rule disabled (the default)
        // Then nothing is reported
        assertThat(new SemanticRules(false).check(body("Llama 3 70B / chat", false))).isEmpty();
    }

    private static JsonNode body(String name, boolean prefix) {
        ObjectNode body = (ObjectNode) json(SemanticBodies.MINIMAL);
        body.put("name", name);
        body.put("useGivenNameAsPrefix", prefix);
        return body;
    }
}
