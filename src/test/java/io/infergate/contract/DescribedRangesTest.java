package io.infergate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every numeric range a field description of the bundled spec states ("between 0 and 1") holds, whether the schema
 * says it or a semantic rule does: a value past either end is refused at that field, and a value at each end passes.
 * The ranges are read from the descriptions, not listed here, so a range a new spec states is a new test.
 */
class DescribedRangesTest {

    private static final VendorSpec SPEC = VendorSpec.bundled();
    private static final ContractValidator VALIDATOR = new ContractValidator(TestContractConfig.defaults());
    private static final Pattern BETWEEN = Pattern.compile("between (-?[0-9]+(?:\\.[0-9]+)?) and (-?[0-9]+(?:\\.[0-9]+)?)");

    @Test
    void shouldFindTheRangesTheDescriptionsState() {
        assertThat(ranges()).extracting(Range::pointer)
                .contains("/spec/leader/compute/gpuPortionRequest", "/spec/worker/compute/gpuPortionRequest");
    }

    @TestFactory
    Stream<DynamicTest> shouldRefuseAValuePastEitherEndOfADescribedRange() {
        return ranges().stream().flatMap(range -> Stream.of(
                DynamicTest.dynamicTest(range.pointer() + " above " + range.max(),
                        () -> assertRefusedAt(range, range.max().add(new BigDecimal("0.5")))),
                DynamicTest.dynamicTest(range.pointer() + " below " + range.min(),
                        () -> assertRefusedAt(range, range.min().subtract(new BigDecimal("0.5"))))));
    }

    @TestFactory
    Stream<DynamicTest> shouldAcceptBothEndsOfADescribedRange() {
        return ranges().stream().flatMap(range -> Stream.of(range.min(), range.max())
                .map(end -> DynamicTest.dynamicTest(range.pointer() + " at " + end,
                        () -> assertThatCode(() -> VALIDATOR.checkCreate(with(range, end))).doesNotThrowAnyException())));
    }

    private static void assertRefusedAt(Range range, BigDecimal value) {
        // Given the body with the value just outside the range; When it is checked
        ContractViolationException refused = catchThrowableOfType(ContractViolationException.class,
                () -> VALIDATOR.checkCreate(with(range, value)));

        // Then the field is named
        assertThat(refused).as("%s = %s refused", range.pointer(), value).isNotNull();
        assertThat(refused.violations()).extracting(Violation::pointer).contains(range.pointer());
    }

    /**
     * @return the body (maximal or its alternative, whichever holds the field) with the field set to {@code value}
     */
    private static JsonNode with(Range range, BigDecimal value) {
        ObjectNode body = SpecMutationTest.maximal().at(range.pointer()).isMissingNode() ? SpecMutationTest.alternative()
                : SpecMutationTest.maximal();
        String parent = range.pointer().substring(0, range.pointer().lastIndexOf('/'));
        ((ObjectNode) body.at(parent)).put(range.pointer().substring(parent.length() + 1), value);
        // a limit below its new request would be a second, unrelated problem
        String limit = range.pointer().replace("Request", "Limit");
        if (!limit.equals(range.pointer()) && body.at(limit).isNumber()) {
            ((ObjectNode) body.at(parent)).put(limit.substring(parent.length() + 1), value.max(body.at(limit).decimalValue()));
        }
        return body;
    }

    private static List<Range> ranges() {
        List<Range> found = new ArrayList<>();
        walk(SPEC.schema("DistributedInferenceCreationRequest"), SpecMutationTest.maximal(), "", found);
        walk(SPEC.schema("DistributedInferenceCreationRequest"), SpecMutationTest.alternative(), "", found);
        return found.stream().distinct().toList();
    }

    private static void walk(JsonNode schema, JsonNode value, String pointer, List<Range> found) {
        Merged merged = Merged.of(SPEC, schema);
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> field : merged.properties().entrySet()) {
                JsonNode child = value.get(field.getKey());
                if (child == null) {
                    continue;
                }
                String at = pointer + "/" + field.getKey();
                String description = field.getValue().path("description").asText("") + " "
                        + Merged.of(SPEC, field.getValue()).text("description");
                Matcher between = BETWEEN.matcher(description);
                if (child.isNumber() && between.find()) {
                    found.add(new Range(at, new BigDecimal(between.group(1)), new BigDecimal(between.group(2))));
                }
                walk(field.getValue(), child, at, found);
            }
        } else if (value.isArray() && merged.items() != null) {
            for (int i = 0; i < value.size(); i++) {
                walk(merged.items(), value.get(i), pointer + "/" + i, found);
            }
        }
    }

    private record Range(String pointer, BigDecimal min, BigDecimal max) {
    }
}
