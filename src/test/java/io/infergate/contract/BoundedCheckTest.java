package io.infergate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.buffer.Buffer;

/**
 * The contract check does bounded work per body, whatever the body holds: it stops at the violation limit and says
 * there are more, gives hints only where one can help, and does not match a pattern or format against a string past
 * its length. Costs are measured by {@link ValidationBenchmark}; these tests pin the behaviour.
 */
class BoundedCheckTest {

    private static final JsonBodies BODIES = new JsonBodies();
    private static final ContractValidator VALIDATOR = new ContractValidator(TestContractConfig.defaults());
    private static final int LIMIT = TestContractConfig.defaults().maxViolations();

    @Test
    void shouldListAtMostTheLimitForAHostileBodyAndSayThereAreMore() {
        // Given the ~1 MB body of 3,900 unknown 250-character keys
        JsonNode body = read(HostileBodies.unknownLongKeys(3_900, 250));

        // When it is checked
        ContractViolationException refused = refusal(body);

        // Then the first violations up to the limit are listed, it is said that there are more, and no hint was spent
        assertThat(refused.violations()).hasSize(LIMIT).allSatisfy(violation -> {
            assertThat(violation.rule()).isEqualTo(ShapeCheck.UNKNOWN_FIELD);
            assertThat(violation.message()).doesNotContain("Did you mean", "Known fields", "belongs at");
        });
        assertThat(refused.complete()).isFalse();
    }

    @Test
    void shouldSayTheListIsCompleteUpToTheLimitExactly() {
        ContractValidator three = new ContractValidator(new TestContractConfig(ContractConfig.UnknownFields.REJECT,
                false, 3));

        ContractViolationException exactly = catchThrowableOfType(ContractViolationException.class,
                () -> three.checkPatch(read("{\"a\":1,\"b\":2,\"c\":3}")));
        ContractViolationException more = catchThrowableOfType(ContractViolationException.class,
                () -> three.checkPatch(read("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}")));

        assertThat(exactly.violations()).hasSize(3);
        assertThat(exactly.complete()).isTrue();
        assertThat(more.violations()).extracting(Violation::pointer).containsExactly("/a", "/b", "/c");
        assertThat(more.complete()).isFalse();
    }

    @Test
    void shouldStillHintANearMissAmongThousandsOfUnknownFields() {
        JsonNode body = read(HostileBodies.typos(5_000));

        ContractViolationException refused = refusal(body);

        assertThat(refused.violations()).hasSize(LIMIT)
                .allSatisfy(violation -> assertThat(violation.message()).endsWith("Did you mean 'imagePullPolicy'?"));
    }

    @Test
    void shouldGiveNoHintForANameLongerThanAnyFieldCouldBeMistypedInto() {
        String name = "imagePullPolicy" + "y".repeat(235);
        FieldHints hints = new FieldHints(Map.of("imagepullpolicy", "spec.leader.imagePullPolicy"));

        String message = hints.unknown(name, List.of("image", "imagePullPolicy"));

        assertThat(message).isEqualTo("Unknown field '" + name.substring(0, FieldHints.MAX_HINTED_LENGTH)
                + "...': the Run:ai contract does not define it here.");
    }

    @Test
    void shouldHintAsTheUnboundedEditDistanceWouldForEveryTypoOfEveryField() {
        // Given every field name of the leader, each mistyped in several ways
        Shape leader = Shape.of(VendorSpec.bundled(), VendorSpec.bundled().schema("DistributedInferenceCreationRequest"))
                .fields().get("spec").fields().get("leader");
        List<String> known = new ArrayList<>(leader.fields().keySet());
        FieldHints hints = new FieldHints(Map.of());
        for (String field : known) {
            for (String typo : typos(field)) {
                // When the bounded hint is given, Then it names the field the plain edit distance picks
                String expected = unboundedClosest(typo, known);
                String message = hints.unknown(typo, known);
                if (expected == null) {
                    assertThat(message).as(typo).doesNotContain("Did you mean");
                } else {
                    assertThat(message).as(typo).endsWith("Did you mean '" + expected + "'?");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 64, 2_000, 65_000 })
    void shouldRefuseAQuantityPastItsLengthForItsLengthAlone(int digits) {
        // Given a quantity far past its 63 characters, on which the pattern would backtrack
        ContractViolationException refused = refusal(read(HostileBodies.longQuantity(digits)));

        // Then only its length is reported, and it is still checked as a quantity by the semantic rules
        assertThat(refused.violations()).filteredOn(v -> v.pointer().equals("/spec/leader/compute/cpuMemoryRequest"))
                .extracting(Violation::rule)
                .contains("schema.maxLength")
                .doesNotContain("schema.pattern");
    }

    @Test
    void shouldRefuseAHostNamePastItsLengthWithoutMatchingIt() {
        // Given a 64 KB host name, whose match once overflowed the stack
        ContractViolationException refused = refusal(read(HostileBodies.longHostName(32_000)));

        assertThat(refused.violations())
                .filteredOn(v -> v.pointer().equals("/spec/leader/probes/readiness/handler/httpGet/host"))
                .extracting(Violation::rule)
                .containsExactly("schema.maxLength");
    }

    @Test
    void shouldStopTheSchemaCheckAtTheLimit() {
        ContractViolationException refused = refusal(read(HostileBodies.wrongElements(200_000)));

        assertThat(refused.violations()).hasSize(LIMIT);
        assertThat(refused.complete()).isFalse();
    }

    @Test
    void shouldStopTheSemanticRulesAtTheLimit() {
        ContractViolationException refused = refusal(read(HostileBodies.brokenTolerations(15_000)));

        assertThat(refused.violations()).hasSize(LIMIT)
                .extracting(Violation::rule)
                .contains("toleration.seconds-needs-no-execute", "toleration.value-with-exists");
        assertThat(refused.complete()).isFalse();
    }

    private static List<String> typos(String field) {
        List<String> typos = new ArrayList<>();
        typos.add(field.substring(1));
        typos.add(field.substring(0, field.length() - 1) + "x");
        typos.add(field.toUpperCase(Locale.ROOT));
        typos.add(field + "s");
        typos.add(field.length() > 3 ? field.charAt(1) + "" + field.charAt(0) + field.substring(2) : field + "zz");
        typos.add(field.replace("e", "a"));
        typos.add(field + "Extra");
        return typos;
    }

    /** The hint before it was bounded: the nearest known field by plain edit distance, within a third of the length. */
    private static String unboundedClosest(String name, List<String> known) {
        String lower = name.toLowerCase(Locale.ROOT);
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return known.stream()
                .min(Comparator.comparingInt((String candidate) -> distance.apply(candidate.toLowerCase(Locale.ROOT), lower))
                        .thenComparing(Comparator.naturalOrder()))
                .filter(candidate -> distance.apply(candidate.toLowerCase(Locale.ROOT), lower) <= Math.max(2,
                        name.length() / 3))
                .orElse(null);
    }

    private static ContractViolationException refusal(JsonNode body) {
        ContractViolationException refused = catchThrowableOfType(ContractViolationException.class,
                () -> VALIDATOR.checkCreate(body));
        assertThat(refused).as("refused").isNotNull();
        return refused;
    }

    private static JsonNode read(String body) {
        return BODIES.object(Buffer.buffer(body));
    }
}
