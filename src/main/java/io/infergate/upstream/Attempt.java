package io.infergate.upstream;

import java.time.Duration;
import java.util.concurrent.CancellationException;

import io.infergate.cluster.Cluster;
import io.infergate.cluster.ClustersConfig.ClusterConfig;
import io.infergate.observability.Spans;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.smallrye.mutiny.Uni;

/**
 * One attempt of a request {@link ClusterGuard} guards, as the guard's retry runs it: sent through the cluster's
 * {@link UpstreamClient} in a client span of its own, counted, judged by {@link RetryRules}, and marked final when no
 * retry can follow it.
 */
final class Attempt {

    private final UpstreamClient client;
    private final Cluster cluster;
    private final ClusterMeters meters;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Duration deadline;
    private final Duration maxRetryAfter;
    private final int maxRetries;

    Attempt(UpstreamClient client, ClusterMeters meters, ClusterConfig config, OpenTelemetry telemetry) {
        this.client = client;
        this.cluster = client.cluster();
        this.meters = meters;
        this.tracer = telemetry.getTracer("io.infergate");
        this.propagator = telemetry.getPropagators().getTextMapPropagator();
        this.deadline = config.deadline();
        this.maxRetryAfter = config.retry().maxRetryAfter();
        this.maxRetries = config.retry().maxRetries();
    }

    /**
     * Sends one attempt, raced against the request's own cancellation: SmallRye's guard does not pass a cancellation on to
     * the attempt it runs, so without the race a fan-out loser or a request past its deadline would keep its attempt
     * (and its pooled connection, bulkhead slot and retries) going. A cancelled attempt fails at once, which also frees
     * the guard's slots, and resets its request through {@link UpstreamClient}.
     */
    Uni<UpstreamResponse> send(UpstreamRequest request, Attempts attempts) {
        if (attempts.cancelled()) {
            return Uni.createFrom().failure(new CancellationException("request cancelled"));
        }
        int number = attempts.started();
        long start = System.nanoTime();
        Span span = attemptSpan(request, number);
        UpstreamRequest traced = span.getSpanContext().isValid()
                ? request.withTraceHeaders(request.trace().with(span), propagator)
                : request;
        return Uni.join()
                .first(client.send(traced), attempts.cancellation())
                .toTerminate()
                .onTermination()
                .invoke((answer, failure, cancelled) -> {
                    if (!(failure instanceof CancellationException)) {
                        meters.attempt(request.operation(), answer, System.nanoTime() - start);
                    }
                    endAttemptSpan(span, answer, failure);
                })
                .onTermination()
                .invoke(attempts::ended)
                .onFailure(UpstreamFailure.class)
                .transform(failure -> RetryRules.judge(request.operation(), (UpstreamFailure) failure))
                .invoke(answer -> RetryRules.judge(request.operation(), answer)
                        .ifPresent(failed -> {
                            throw failed;
                        }))
                .onFailure(FailedAttempt.class)
                .transform(failed -> lastChanceAt((FailedAttempt) failed, number, attempts))
                .onFailure(FailedAttempt.class)
                .invoke(failed -> attempts.failed((FailedAttempt) failed));
    }

    /**
     * A client span per attempt, under the request's own (or its locate span), so a control plane's spans hang under
     * the attempt that reached it; none when the request is not traced.
     */
    private Span attemptSpan(UpstreamRequest request, int number) {
        if (!Spans.traced(request.trace())) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder(Spans.ATTEMPT + request.operation().label())
                .setParent(request.trace())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(Spans.CLUSTER, cluster.name())
                .setAttribute(Spans.OPERATION, request.operation().label())
                .setAttribute(Spans.ATTEMPT_NUMBER, number)
                .startSpan();
    }

    private static void endAttemptSpan(Span span, UpstreamResponse answer, Throwable failure) {
        span.setAttribute(Spans.OUTCOME, answer == null ? "none" : Integer.toString(answer.status()));
        if (failure != null || answer != null && answer.status() >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /**
     * Takes back the retry a verdict allowed when none can follow: the retries are used up (so the budget is not charged
     * for a retry that will not happen), the request is cancelled, or the control plane asks to wait longer than
     * {@code max-retry-after} or than the deadline leaves.
     */
    private FailedAttempt lastChanceAt(FailedAttempt failed, int number, Attempts attempts) {
        if (!failed.retryable()) {
            return failed;
        }
        Duration left = deadline.minusNanos(System.nanoTime() - attempts.start());
        boolean waitTooLong = failed.retryAfter() != null
                && (failed.retryAfter().compareTo(maxRetryAfter) > 0 || failed.retryAfter().compareTo(left) >= 0);
        if (number > maxRetries || attempts.cancelled() || waitTooLong) {
            return failed.asFinal();
        }
        return failed;
    }
}
