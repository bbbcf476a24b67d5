package io.infergate.contract;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.buffer.Buffer;

/**
 * How long the contract check adds to a request, measured with JMH: the check alone on a parsed maximal create body
 * (every field of the contract filled, so every schema keyword and semantic rule runs), the same body parsed from bytes
 * and checked (what a create request costs before it goes upstream), and the check of a small patch. The target is a
 * median under 200 µs for the maximal body.
 * <p>
 * {@link #parseAndCheckHostile} times the worst bodies found ({@link HostileBodies}, each within the 1 MB limit), as a
 * create pays them on the event loop: strict UTF-8, parse, check, and the violations a 400 lists.
 * <p>
 * Sample time, not average: the percentiles show the median and the tail, which a GC pause skews in an average. Not a
 * test (no {@code *Test} name), so {@code ./mvnw verify} never runs it; {@code bench/validation.sh} does.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ValidationBenchmark {

    private static final String MAXIMAL_CREATE = "/contract/maximal-create.json";

    private ContractValidator validator;
    private JsonBodies bodies;
    private Buffer maximalCreateBytes;
    private JsonNode maximalCreate;
    private JsonNode patch;

    @Setup
    public void setUp() throws IOException {
        validator = new ContractValidator(TestContractConfig.defaults());
        bodies = new JsonBodies();
        try (InputStream in = ValidationBenchmark.class.getResourceAsStream(MAXIMAL_CREATE)) {
            if (in == null) {
                throw new IllegalStateException(MAXIMAL_CREATE + " is not on the classpath: run from the test classpath");
            }
            maximalCreateBytes = Buffer.buffer(in.readAllBytes());
        }
        maximalCreate = bodies.object(maximalCreateBytes);
        patch = bodies.object(Buffer.buffer("{\"spec\":{\"replicas\":3}}"));
        // a body that broke the contract would time the error path (exception, messages), not the normal one
        validator.checkCreate(maximalCreate);
        validator.checkPatch(patch);
    }

    @Benchmark
    public void checkCreate() {
        validator.checkCreate(maximalCreate);
    }

    /**
     * @return the tree, so that JMH consumes it and the parse cannot be optimised away
     */
    @Benchmark
    public JsonNode parseAndCheckCreate() {
        JsonNode tree = bodies.object(maximalCreateBytes);
        validator.checkCreate(tree);
        return tree;
    }

    @Benchmark
    public void checkPatch() {
        validator.checkPatch(patch);
    }

    /**
     * @return what the check answered (the violations, or the tree of a valid body), for JMH to consume
     */
    @Benchmark
    public Object parseAndCheckHostile(Hostile hostile) {
        JsonNode tree = bodies.object(hostile.bytes);
        try {
            validator.checkCreate(tree);
            return tree;
        } catch (ContractViolationException refused) {
            return refused.violations();
        }
    }

    /**
     * The worst bodies, by name; each is about 1 MB unless its name says otherwise.
     */
    @State(Scope.Benchmark)
    public static class Hostile {

        @Param({ "unknownLongKeys", "typos", "longQuantities", "quantitiesAtMaxLength", "longHostNames",
                "wrongElements", "brokenTolerations", "largeValid" })
        public String body;

        Buffer bytes;

        @Setup
        public void setUp() {
            String text = switch (body) {
                // the body of issue 15: 3,900 unknown 250-character keys under spec.leader
                case "unknownLongKeys" -> HostileBodies.unknownLongKeys(3_900, 250);
                case "typos" -> HostileBodies.typos(40_000);
                // 15 quantities of 65,000 digits: the pattern once backtracked 33 s on each
                case "longQuantities" -> HostileBodies.quantities(15, 65_000);
                case "quantitiesAtMaxLength" -> HostileBodies.quantities(9_500, 62);
                // a 64 KB host name, whose format match once overflowed the stack: one, as there is one host per probe
                case "longHostNames" -> HostileBodies.longHostName(32_000);
                case "wrongElements" -> HostileBodies.wrongElements(500_000);
                case "brokenTolerations" -> HostileBodies.brokenTolerations(11_000);
                case "largeValid" -> HostileBodies.largeValid(1_000);
                default -> throw new IllegalArgumentException("no hostile body " + body);
            };
            bytes = Buffer.buffer(text);
            if (bytes.length() > 1024 * 1024) {
                throw new IllegalStateException(body + " has " + bytes.length() + " bytes, past the 1 MB body limit");
            }
        }
    }
}
