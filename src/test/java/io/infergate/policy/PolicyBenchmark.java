package io.infergate.policy;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.infergate.contract.ContractValidator;
import io.infergate.contract.Validators;

/**
 * How long the policy step adds to a create request, measured with JMH: the maximal create body (every contract field
 * filled) merged with a realistic policy set ({@code policy/realistic.yaml}: global, cluster, department and project
 * policies, about 15 defaults and 15 rules with itemised lists), then the merged body checked against the contract
 * again, as the request path does (the schema where the merge changed it). The target is a median under 300 µs.
 * <p>
 * Sample time, so the percentiles show the median and the tail. Not a test (no {@code *Test} name); run it with
 * {@code bench/validation.sh PolicyBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PolicyBenchmark {

    private PolicySet policies;
    private ContractValidator validator;
    private ObjectNode maximalCreate;

    @Setup
    public void setUp() {
        policies = PolicyLoader.load(Fixtures.resource(PolicyRealisticTest.POLICIES));
        validator = Validators.withDefaults();
        maximalCreate = Fixtures.object(Fixtures.text(PolicyRealisticTest.MAXIMAL_CREATE));
        PolicyOutcome outcome = policies.apply("east", maximalCreate);
        // a body that broke a policy or the contract would time the error path (messages, exception), not the normal one
        if (!outcome.compliant()) {
            throw new IllegalStateException("The maximal body breaks the realistic policies: " + outcome.issues());
        }
        validator.checkCreate(outcome.body());
    }

    /**
     * @return the merged body, so that JMH consumes it and the merge cannot be optimised away
     */
    @Benchmark
    public ObjectNode mergeAndRevalidate() {
        PolicyOutcome outcome = policies.apply("east", maximalCreate);
        validator.checkChanged(maximalCreate, outcome.body());
        return outcome.body();
    }

    /**
     * @return the merged body; the merge and a full check of it, as a create paid before only the changes were checked
     */
    @Benchmark
    public ObjectNode mergeAndCheckInFull() {
        PolicyOutcome outcome = policies.apply("east", maximalCreate);
        validator.checkCreate(outcome.body());
        return outcome.body();
    }

    /**
     * @return the merged body; the merge alone, to tell its share from the contract check's
     */
    @Benchmark
    public ObjectNode mergeOnly() {
        return policies.apply("east", maximalCreate).body();
    }
}
