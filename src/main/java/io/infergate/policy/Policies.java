package io.infergate.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.infergate.cluster.Owner;
import io.infergate.contract.ContractValidator;
import io.infergate.observability.Meters;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * The policies in force: loaded from {@code infergate.policy.file} at startup (an invalid file stops the start), then
 * re-read every {@code reload-interval} on a worker thread. A changed file is compiled aside and swapped in at once when
 * valid; an invalid one is logged with every problem, counted ({@link Meters#POLICY_RELOAD_FAILURES},
 * {@link Meters#POLICY_RELOAD_FAILING}), and kept out, so the last good policies stay.
 */
@Startup
@Singleton
public class Policies {

    private final AtomicReference<PolicySet> current;
    private final AtomicLong failedReloads = new AtomicLong();
    private final Vertx vertx;
    private final ContractValidator contract;
    private final PolicyMeters meters;
    private volatile String lastSeen;
    private volatile boolean lastReloadFailed;
    private long timer = -1;

    Policies(PolicyConfig config, Vertx vertx, PolicyMeters meters, ContractValidator contract) {
        this.vertx = vertx;
        this.contract = contract;
        this.meters = meters;
        meters.watch(this);
        if (config.file().isEmpty()) {
            Log.info("No infergate.policy.file: no organisation policy applies");
            this.current = new AtomicReference<>(PolicyLoader.empty());
            return;
        }
        Path file = config.file().get();
        this.lastSeen = read(file);
        this.current = new AtomicReference<>(PolicyLoader.load(lastSeen));
        Log.infof("Policies loaded from %s: %s", file, current.get().names());
        this.timer = vertx.setPeriodic(config.reloadInterval().toMillis(),
                tick -> vertx.executeBlocking(() -> reloadIfChanged(file), true));
    }

    /**
     * @return the policies in force now
     */
    public PolicySet current() {
        return current.get();
    }

    /**
     * @return how many changed files were refused since the start
     */
    public long failedReloads() {
        return failedReloads.get();
    }

    /**
     * @return whether the file as it is now was refused (the policies in force are older than it)
     */
    public boolean lastReloadFailed() {
        return lastReloadFailed;
    }

    /**
     * Merges a create request with the policies of its scope; a body the policies changed must keep to the contract
     * too. The request must have passed {@link ContractValidator#checkCreate}: only what the policies changed is checked
     * against the schema again.
     *
     * @return the outcome, compliant or not
     * @throws io.infergate.contract.ContractViolationException when the merged body breaks the contract
     */
    public PolicyOutcome preview(String clusterName, ObjectNode createBody) {
        PolicyOutcome outcome = current().apply(clusterName, createBody);
        if (outcome.compliant() && outcome.changed()) {
            contract.checkChanged(createBody, outcome.body());
        }
        return outcome;
    }

    /**
     * {@link #preview}, for a create about to be sent.
     *
     * @throws PolicyViolationException when it does not comply
     */
    public PolicyOutcome apply(String clusterName, ObjectNode createBody) {
        PolicyOutcome outcome = preview(clusterName, createBody);
        if (!outcome.compliant()) {
            throw new PolicyViolationException(outcome.issues());
        }
        meters.defaultsApplied(outcome);
        return outcome;
    }

    /**
     * Checks a patch against the rules of the workload's scope.
     *
     * @throws PolicyViolationException when it does not comply
     */
    public void checkPatch(Owner owner, JsonNode patch) {
        if (!(patch instanceof ObjectNode object)) {
            return;
        }
        List<ComplianceIssue> issues = current().checkPatch(owner.cluster().name(), owner.projectId(), object);
        if (!issues.isEmpty()) {
            throw new PolicyViolationException(issues);
        }
    }

    private Void reloadIfChanged(Path file) {
        String text;
        try {
            text = read(file);
        } catch (UncheckedIOException e) {
            if (!lastReloadFailed) {
                Log.warnf("Policy file %s cannot be read (%s); the policies in force stay", file, e.getCause());
                failedReloads.incrementAndGet();
                lastReloadFailed = true;
            }
            return null;
        }
        if (text.equals(lastSeen)) {
            return null;
        }
        lastSeen = text;
        try {
            PolicySet loaded = PolicyLoader.load(text);
            current.set(loaded);
            lastReloadFailed = false;
            Log.infof("Policies reloaded from %s: %s", file, loaded.names());
        } catch (PolicyFileException e) {
            failedReloads.incrementAndGet();
            lastReloadFailed = true;
            Log.warnf("Policy file %s was changed but is invalid, so the policies in force stay %s: %s", file,
                    current.get().names(), String.join("; ", e.problems()));
        }
        return null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PreDestroy
    void stop() {
        if (timer != -1) {
            vertx.cancelTimer(timer);
        }
        meters.close();
    }
}
