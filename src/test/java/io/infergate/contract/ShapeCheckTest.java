package io.infergate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ShapeCheckTest {

    private static final VendorSpec SPEC = VendorSpec.bundled();
    private final ShapeCheck rejecting = new ShapeCheck(SPEC, true);
    private final ShapeCheck forwarding = new ShapeCheck(SPEC, false);

    @Test
    void shouldSuggestTheClosestFieldForATypo() {
        List<Violation> found = rejecting.create(body("{\"spec\":{\"leader\":{\"imagePullPolcy\":\"Always\"}}}"));

        assertThat(found).extracting(Violation::pointer, Violation::rule)
                .containsExactly(tuple("/spec/leader/imagePullPolcy", ShapeCheck.UNKNOWN_FIELD));
        assertThat(found.get(0).message()).endsWith("Did you mean 'imagePullPolicy'?");
    }

    @Test
    void shouldSayWhereAFieldPutAtTheWrongLevelBelongs() {
        List<Violation> found = rejecting.create(body("{\"spec\":{\"leader\":{\"gpuDevicesRequest\":2}}}"));

        assertThat(found.get(0).message()).endsWith("'gpuDevicesRequest' belongs at spec.leader.compute.gpuDevicesRequest.");
    }

    @Test
    void shouldListTheKnownFieldsWhenNothingIsClose() {
        List<Violation> found = rejecting.patch(body("{\"spec\":{\"somethingElse\":1}}"));

        assertThat(found.get(0).message()).endsWith("Known fields here: replicas.");
    }

    @Test
    void shouldNotReportUnknownFieldsWhenForwardingThem() {
        assertThat(forwarding.create(body("{\"spec\":{\"futureKnob\":1,\"leader\":{\"x\":2}}}"))).isEmpty();
    }

    @Test
    void shouldRefuseACaseVariantOfAKnownFieldEvenWhenForwardingUnknownFields() {
        // Given fields a case-insensitive decoder reads as replicas and priorityClass (a long s, U+017F), and a field
        // no decoder confuses with a known one
        List<Violation> found = forwarding.create(body("{\"spec\":{\"Replicas\":5,\"priorityCla\u017Fs\":\"low\","
                + "\"futureKnob\":1,\"leader\":{\"IMAGE\":\"x\"}}}"));

        assertThat(found).extracting(Violation::pointer, Violation::rule).containsExactlyInAnyOrder(
                tuple("/spec/Replicas", ShapeCheck.CASE_VARIANT),
                tuple("/spec/priorityCla\u017Fs", ShapeCheck.CASE_VARIANT),
                tuple("/spec/leader/IMAGE", ShapeCheck.CASE_VARIANT));
        assertThat(found).anySatisfy(violation -> assertThat(violation.message())
                .isEqualTo("Field 'Replicas' differs from 'replicas' only in letter case, so a control plane that matches"
                        + " names regardless of case would read it as replicas, unchecked: write replicas."));
    }

    @Test
    void shouldDemandMandatoryFieldsButOnlyTheNameOfAnExcludedItem() {
        // Given one complete toleration, one missing its key, and one that only excludes an inherited item by name
        List<Violation> found = rejecting.create(body("""
                {"spec":{"leader":{"tolerations":[
                  {"name":"a","key":"k","operator":"Exists","effect":"NoSchedule"},
                  {"name":"b","operator":"Exists","effect":"NoSchedule"},
                  {"name":"c","exclude":true}],
                 "environmentVariables":[{"exclude":true}]}}}"""));

        assertThat(found).extracting(Violation::pointer, Violation::rule).containsExactlyInAnyOrder(
                tuple("/spec/leader/tolerations/1/key", ShapeCheck.MANDATORY),
                tuple("/spec/leader/environmentVariables/0/name", ShapeCheck.MANDATORY));
    }

    private static JsonNode body(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
