package io.infergate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.infergate.error.GatewayException;
import io.vertx.core.buffer.Buffer;

/**
 * Fuzzes the contract layer: whatever a caller sends as a create or patch body, the gateway answers with a verdict (the
 * body is accepted, or refused with a 400 or 413 that says where the problem is), never with a 500 and never by
 * hanging.
 * <p>
 * Jazzer drives it. With {@code JAZZER_FUZZ=1}, which the {@code contract-fuzz} Surefire execution sets so that
 * {@code ./mvnw verify} fuzzes, it runs a bounded coverage-guided campaign that stops at the first finding, prints the
 * exception and writes the input to a {@code crash-*} file. Without it, Jazzer only replays inputs kept under
 * {@code src/test/resources/io/infergate/contract/ContractFuzzTestInputs/}.
 * <p>
 * Jazzer fuzzes one {@code @FuzzTest} per JVM, so one test serves three targets and the input picks which: mutations of
 * the maximal create body, mutations of a patch body, and raw bytes. Every target goes through the gateway's parser
 * first, so the validator only ever sees trees a request can produce. Every tree the parser accepts is also judged by
 * the schema library, the shape check and {@link SchemaFastPath}, which must pass nothing they refuse.
 */
class ContractFuzzTest {

    private static final Logger LOG = Logger.getLogger(ContractFuzzTest.class);

    /** Thousands of times a normal parse and check: only a runaway loop or number gets this far. */
    private static final Duration HANG = Duration.ofSeconds(2);

    private static final JsonBodies BODIES = new JsonBodies();
    private static final ContractValidator VALIDATOR = new ContractValidator(TestContractConfig.defaults());
    private static final VendorSpec SPEC = VendorSpec.bundled();
    private static final SchemaCheck LIBRARY = new SchemaCheck(SPEC);
    private static final ShapeCheck SHAPE = new ShapeCheck(SPEC, true);
    private static final SchemaFastPath FAST_PATH = new SchemaFastPath(SPEC);
    private static final ObjectNode MAXIMAL_CREATE = resource("/contract/maximal-create.json");
    private static final ObjectNode PATCH = (ObjectNode) FuzzValues.parse("{\"spec\":{\"replicas\":3}}");

    private static final Map<Target, AtomicLong> TRIES = new EnumMap<>(Target.class);

    static {
        for (Target target : Target.values()) {
            TRIES.put(target, new AtomicLong());
        }
    }

    /**
     * Bounded by whichever comes first, the number of inputs or the time: about 1,500 tries per target take 10 to 15
     * seconds on a 2-core machine.
     */
    @FuzzTest(maxExecutions = 4_500, maxDuration = "20s")
    void shouldAnswerEveryBodyWithAVerdictNeverAServerError(FuzzedDataProvider data) {
        // Given a body from one of the targets (drawn here: the fuzzer's input is only valid on this thread)
        Target target = data.pickValue(Target.values());
        TRIES.get(target).incrementAndGet();
        byte[] body;
        Consumer<JsonNode> check;
        switch (target) {
            case CREATE -> {
                body = utf8(FuzzMutations.mutate(MAXIMAL_CREATE, MAXIMAL_CREATE, data));
                check = VALIDATOR::checkCreate;
            }
            case PATCH -> {
                // grafts from the create body reach fields a patch must refuse
                body = utf8(FuzzMutations.mutate(PATCH, MAXIMAL_CREATE, data));
                check = VALIDATOR::checkPatch;
            }
            default -> {
                body = FuzzBytes.next(MAXIMAL_CREATE, data);
                check = VALIDATOR::checkCreate;
            }
        }

        // When it is parsed and checked, Then it is refused or accepted, in time
        withinLimits(target + " try", () -> readAndCheck(body, check));
    }

    /**
     * Bodies that once broke the contract layer, kept as plain examples: they run in every mode, where Jazzer would
     * need its crash files, and they pin each fix.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            // an exponent past BigDecimal's 32-bit scale: Jackson throws NumberFormatException, not a parse error
            "{\"a\":1e2147483648}",
            // exponents that BigDecimal.toPlainString spells out in a billion digits: an enum, then a limit rule
            "{\"spec\":{\"preemptibility\":1e999999999}}",
            "{\"spec\":{\"leader\":{\"compute\":{\"cpuCoreRequest\":1,\"cpuCoreLimit\":-1e999999999}}}}",
            // violations reported below an object that is missing or null
            "{}",
            "{\"spec\":null}",
            "{\"spec\":{\"leader\":{\"storage\":{\"pvc\":[{\"name\":\"a\"}]}}}}",
            "{\"spec\":{\"leader\":{\"storage\":{\"pvc\":[{\"claimInfo\":null}]}}}}" })
    void shouldAnswerBodiesThatOnceBrokeTheContractLayerWithAVerdict(String text) {
        // Given a body fuzzing found
        byte[] body = text.getBytes(StandardCharsets.UTF_8);

        // When it is parsed and checked as a create and as a patch, Then it is refused or accepted, in time
        withinLimits("create check", () -> readAndCheck(body, VALIDATOR::checkCreate));
        withinLimits("patch check", () -> readAndCheck(body, VALIDATOR::checkPatch));
    }

    @AfterAll
    static void reportTries() {
        LOG.infof("Contract fuzzing tries: %s", TRIES);
    }

    /**
     * Reads a body as the gateway does and checks it; any exception but the two that make a 400 or 413 escapes and fails
     * the test, as it would be a 500.
     */
    private static void readAndCheck(byte[] body, Consumer<JsonNode> check) {
        JsonNode tree;
        try {
            tree = BODIES.object(Buffer.buffer(body));
        } catch (GatewayException e) {
            assertThat(e.status()).as("status of a body the parser refuses").isIn(400, 413);
            return;
        }
        assertThat(tree.isObject()).as("a body the parser accepts is an object").isTrue();
        assertFastPathPassesNothingTheLibraryRefuses(tree);
        try {
            check.accept(tree);
        } catch (ContractViolationException e) {
            assertPointInto(tree, e.violations());
        }
    }

    /**
     * The schema library stays the reference: a body the fast path lets skip it and the shape check must be one they
     * find nothing wrong with, as a create and as a patch.
     */
    private static void assertFastPathPassesNothingTheLibraryRefuses(JsonNode tree) {
        if (FAST_PATH.create(tree)) {
            assertThat(LIBRARY.create(tree)).as("library's verdict on a create the fast path passes").isEmpty();
            assertThat(SHAPE.create(tree)).as("shape of a create the fast path passes").isEmpty();
        }
        if (FAST_PATH.patch(tree)) {
            assertThat(LIBRARY.patch(tree)).as("library's verdict on a patch the fast path passes").isEmpty();
            assertThat(SHAPE.patch(tree)).as("shape of a patch the fast path passes").isEmpty();
        }
    }

    /**
     * Runs one try with a time limit. The heap of the {@code contract-fuzz} execution is small, so a runaway allocation
     * fails at once rather than at the limit.
     */
    private static void withinLimits(String what, Runnable work) {
        assertTimeoutPreemptively(HANG, () -> {
            try {
                work.run();
            } catch (OutOfMemoryError e) {
                // JUnit ends the whole run on an OutOfMemoryError; this one is a single oversized allocation that
                // failed, so the heap is intact and the input is one more finding
                throw new AssertionError(what + " ran out of memory", e);
            }
        }, what + " took longer than " + HANG);
    }

    /**
     * A violation points at a value in the body or at a missing member of an object in it, so the caller can find the
     * spot to fix.
     */
    private static void assertPointInto(JsonNode body, List<Violation> violations) {
        for (Violation violation : violations) {
            assertThat(violation.rule()).as("rule of %s", violation).isNotBlank();
            assertThat(resolves(body, violation.pointer()))
                    .as("pointer of %s resolves in the body %s", violation, body)
                    .isTrue();
        }
    }

    private static boolean resolves(JsonNode body, String pointer) {
        if (!body.at(pointer).isMissingNode()) {
            return true;
        }
        int lastSlash = pointer.lastIndexOf('/');
        return lastSlash >= 0 && body.at(pointer.substring(0, lastSlash)).isObject();
    }

    private static byte[] utf8(JsonNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode resource(String path) {
        try (InputStream in = ContractFuzzTest.class.getResourceAsStream(path)) {
            return (ObjectNode) BODIES.object(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private enum Target {
        CREATE,
        PATCH,
        RAW_BYTES
    }
}
