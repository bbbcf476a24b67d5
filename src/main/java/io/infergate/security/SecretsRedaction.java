package io.infergate.security;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.infergate.cluster.ClustersConfig;
import io.quarkus.runtime.Startup;

/**
 * Puts a {@link RedactingFilter} in front of every handler of the root logger, whatever the logging configuration:
 * every line that reaches the console (JSON or text), a file or a log server has its bearer tokens, JWTs and the
 * clusters' client secrets replaced before it is written. Needed because libraries log them at DEBUG: Quarkus OIDC writes
 * the whole token it refused, and jose4j's messages carry it (a token refused here may be good at another service).
 * <p>
 * A handler configured for one category only ({@code quarkus.log.category."x".handlers}) is not covered.
 */
@Startup
@Singleton
class SecretsRedaction {

    private final List<Handler> covered = new ArrayList<>();

    SecretsRedaction(ClustersConfig clusters) {
        List<String> secrets = clusters.clusters()
                .values()
                .stream()
                .flatMap(cluster -> cluster.clientSecret().stream())
                .filter(secret -> !secret.isBlank())
                .toList();
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            Filter configured = handler.getFilter() instanceof RedactingFilter ours ? ours.delegate() : handler.getFilter();
            handler.setFilter(new RedactingFilter(configured, secrets));
            covered.add(handler);
        }
    }

    /**
     * Gives each handler back its own filter: the next application in this JVM (a test run) installs its own.
     */
    @PreDestroy
    void stop() {
        for (Handler handler : covered) {
            if (handler.getFilter() instanceof RedactingFilter ours) {
                handler.setFilter(ours.delegate());
            }
        }
    }
}
