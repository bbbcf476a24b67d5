package io.infergate.observability;

import java.util.function.Supplier;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Span names and attribute keys of InferGate's own spans, and a way to wrap a synchronous step in one. With tracing off
 * the tracer is a no-op and so is all of this.
 */
public final class Spans {

    /** The contract check of a request body. */
    public static final String VALIDATE = "infergate validate";
    /** Merging a create with its policies. */
    public static final String POLICY = "infergate policy";
    /** Finding the cluster that owns a workload; each cluster asked is an attempt span under it. */
    public static final String LOCATE = "infergate locate";
    /** One attempt sent to a control plane (name suffix: the operation). */
    public static final String ATTEMPT = "infergate upstream ";

    /** Attribute: the configured cluster name. */
    public static final String CLUSTER = "infergate.cluster";
    /** Attribute: create, get, patch or delete. */
    public static final String OPERATION = "infergate.operation";
    /** Attribute: the attempt's number, 1 for the first (retries count up). */
    public static final String ATTEMPT_NUMBER = "infergate.attempt";
    /** Attribute: the control plane's status, or {@code none} without an answer. */
    public static final String OUTCOME = "infergate.outcome";

    private Spans() {
    }

    /**
     * @return whether the context holds a recorded span: the request is traced, so its steps get spans too
     */
    public static boolean traced(Context context) {
        return Span.fromContext(context).getSpanContext().isValid();
    }

    /**
     * Runs a step in a child span of the current one, when there is one; a failure marks the span as an error and goes
     * on.
     */
    public static <T> T within(Tracer tracer, String name, Supplier<T> step) {
        if (!traced(Context.current())) {
            return step.get();
        }
        Span span = tracer.spanBuilder(name).startSpan();
        try (Scope scope = span.makeCurrent()) {
            return step.get();
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * {@link #within(Tracer, String, Supplier)} for a step without a result.
     */
    public static void within(Tracer tracer, String name, Runnable step) {
        within(tracer, name, () -> {
            step.run();
            return null;
        });
    }
}
