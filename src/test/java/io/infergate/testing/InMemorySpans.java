package io.infergate.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * Keeps the spans the gateway finishes in memory, for tests that read them. Only a test profile that switches the
 * OpenTelemetry SDK on ({@code quarkus.otel.sdk.disabled=false}) records any.
 */
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
