package io.infergate.security;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.infergate.observability.Meters;
import io.infergate.upstream.SingleFlight;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.oidc.runtime.TenantConfigBean;
import io.quarkus.oidc.runtime.TenantConfigContext;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * InferGate's own copy of the key ids the OIDC provider publishes, fetched every
 * {@code infergate.oidc.key-refresh-interval}. Quarkus OIDC fetches the provider's key set once and again only for a
 * token with an unknown {@code kid}, so on its own it never learns that a key was withdrawn; {@link PublishedKeyCheck}
 * refuses a token whose {@code kid} this copy no longer lists.
 * <p>
 * The fetch goes through the Quarkus OIDC tenant's own web client (its TLS, proxy and timeouts) to the key set address
 * of its discovery document; a tenant that could not be initialised at startup (the provider was down) is initialised
 * here, so requests find it ready once the provider is back. A failed fetch keeps the last key ids and is tried again
 * every 10 s; {@link #status()} says since when the provider is unreachable, for {@link IdentityProviderHealth}.
 */
@Startup
@Singleton
public class ProviderKeys {

    private static final Duration RETRY = ProviderUnreachableException.RETRY_AFTER;
    private static final long FETCH_TIMEOUT_MILLIS = Duration.ofSeconds(10).toMillis();

    /** The key ids of one fetch. */
    record Snapshot(Set<String> keyIds, Instant fetchedAt) {

        Snapshot {
            keyIds = Set.copyOf(keyIds);
        }
    }

    /**
     * @param keys the last key ids fetched, {@code null} before the first fetch
     * @param unreachableSince when the fetches began to fail, {@code null} while the last one succeeded
     * @param reason why the last fetch failed, {@code null} while it succeeded
     */
    record Status(Snapshot keys, Instant unreachableSince, String reason) {
    }

    private final boolean active;
    private final TenantConfigBean tenants;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final long intervalMillis;
    private final long retryMillis;
    private final long onDemandGapMillis;
    private final Counter fetched;
    private final Counter failed;
    private final AtomicReference<Status> status = new AtomicReference<>(new Status(null, null, null));
    private final SingleFlight<Snapshot> inFlight = new SingleFlight<>(this::fetch);
    private volatile long lastOnDemand;
    private volatile long timer = -1;
    private volatile boolean stopped;

    ProviderKeys(IdentityProviderConfig config, TenantConfigBean tenants, Vertx vertx, ObjectMapper json,
            MeterRegistry registry,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> provider,
            @ConfigProperty(name = "quarkus.oidc.public-key") Optional<String> publicKey,
            @ConfigProperty(name = "quarkus.oidc.token.forced-jwk-refresh-interval", defaultValue = "10M") Duration onDemandGap) {
        this.active = provider.filter(url -> !url.isBlank()).isPresent()
                && publicKey.filter(key -> !key.isBlank()).isEmpty();
        this.tenants = tenants;
        this.vertx = vertx;
        this.json = json;
        if (config.keyRefreshInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            // shorter would turn every replica into a load test of the provider
            throw new IllegalStateException("infergate.oidc.key-refresh-interval must be at least 1s");
        }
        this.intervalMillis = config.keyRefreshInterval().toMillis();
        this.retryMillis = Math.min(RETRY.toMillis(), intervalMillis);
        this.onDemandGapMillis = onDemandGap.toMillis();
        this.fetched = registry.counter(Meters.AUTH_KEY_REFRESHES, Meters.RESULT, "success");
        this.failed = registry.counter(Meters.AUTH_KEY_REFRESHES, Meters.RESULT, "failure");
        if (active) {
            schedule(1);
        }
    }

    /**
     * @return whether tokens are verified with a provider's key set (and so watched), not a configured public key
     */
    boolean active() {
        return active;
    }

    /**
     * @return the last fetch's key ids and whether the provider could be reached
     */
    Status status() {
        return status.get();
    }

    /**
     * Whether the provider publishes a key id: as of the last fetch, or, if that lacks it (a key added since), as of one
     * more fetch, at most one per {@code quarkus.oidc.token.forced-jwk-refresh-interval}. Only tokens Quarkus OIDC has
     * verified ask, so a made-up {@code kid} never causes a fetch.
     *
     * @return {@code true} when published or when nothing is known yet; a failure when the provider cannot be reached
     */
    Uni<Boolean> publishes(String keyId) {
        Snapshot known = status.get().keys();
        if (!active || known == null || known.keyIds().contains(keyId)) {
            return Uni.createFrom().item(Boolean.TRUE);
        }
        long now = System.currentTimeMillis();
        if (now - lastOnDemand < onDemandGapMillis) {
            return Uni.createFrom().item(Boolean.FALSE);
        }
        lastOnDemand = now;
        return refresh().map(keys -> keys.keyIds().contains(keyId));
    }

    private Uni<Snapshot> refresh() {
        return inFlight.get();
    }

    private Uni<Snapshot> fetch() {
        TenantConfigContext tenant = tenants.getDefaultTenant();
        return (tenant.ready() ? Uni.createFrom().item(tenant) : tenant.initialize())
                .chain(ready -> {
                    if (!ready.ready() || ready.getOidcProviderClient() == null || ready.getOidcMetadata() == null
                            || ready.getOidcMetadata().getJsonWebKeySetUri() == null) {
                        throw new ProviderUnreachableException("its discovery document could not be read", null);
                    }
                    return ready.getOidcProviderClient()
                            .getWebClient()
                            .getAbs(ready.getOidcMetadata().getJsonWebKeySetUri())
                            .timeout(FETCH_TIMEOUT_MILLIS)
                            .send();
                })
                .map(answer -> {
                    if (answer.statusCode() != 200) {
                        throw new ProviderUnreachableException("its key set answered " + answer.statusCode(), null);
                    }
                    return new Snapshot(keyIds(answer.bodyAsString()), Instant.now());
                })
                .invoke(this::fetched)
                .onFailure()
                .transform(this::failed);
    }

    private Set<String> keyIds(String keySet) {
        try {
            Set<String> ids = new HashSet<>();
            for (JsonNode key : json.readTree(keySet).path("keys")) {
                if (key.path("kid").isTextual()) {
                    ids.add(key.path("kid").asText());
                }
            }
            return ids;
        } catch (java.io.IOException e) {
            throw new ProviderUnreachableException("its key set is not JSON", e);
        }
    }

    private void fetched(Snapshot keys) {
        fetched.increment();
        Status before = status.getAndSet(new Status(keys, null, null));
        if (before.unreachableSince() != null) {
            Log.infof("The OIDC provider's key set could be fetched again (%d keys)", keys.keyIds().size());
        } else if (before.keys() != null && !before.keys().keyIds().equals(keys.keyIds())) {
            Log.infof("The OIDC provider's key ids changed from %s to %s", before.keys().keyIds(), keys.keyIds());
        }
    }

    private Throwable failed(Throwable failure) {
        failed.increment();
        String reason = ProviderUnreachableException.reason(failure);
        Status before = status.getAndUpdate(now -> new Status(now.keys(),
                now.unreachableSince() == null ? Instant.now() : now.unreachableSince(), reason));
        if (before.unreachableSince() == null) {
            Log.warnf("The OIDC provider's key set could not be fetched (%s); the last key set fetched stays in force",
                    reason);
        }
        return failure instanceof ProviderUnreachableException
                ? failure
                : new ProviderUnreachableException("it could not be reached", failure);
    }

    private void schedule(long delayMillis) {
        if (stopped) {
            return;
        }
        timer = vertx.setTimer(delayMillis, tick -> refresh().subscribe()
                .with(keys -> schedule(intervalMillis), failure -> schedule(retryMillis)));
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (timer != -1) {
            vertx.cancelTimer(timer);
        }
    }
}
