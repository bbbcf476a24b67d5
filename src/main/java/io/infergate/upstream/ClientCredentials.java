package io.infergate.upstream;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.ws.rs.WebApplicationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.infergate.cluster.Cluster;
import io.infergate.cluster.ClustersConfig.ClusterConfig;
import io.infergate.error.GatewayException;
import io.infergate.observability.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

/**
 * InferGate's own token for one control plane, from that control plane's {@code POST /api/v1/token} with the cluster's
 * client credentials. The token is kept until {@code token-refresh-margin} before it expires; then the next request
 * gets a new one, while the old one, still valid, covers a failed refresh. However many requests need a token at once,
 * one request to the token endpoint is in flight. After a 401 from the control plane the rejected token is dropped and
 * one fresh token is fetched for every request that saw it.
 */
final class ClientCredentials implements UpstreamCredentials {

    /** The lifetime assumed for a token that states none, short enough to be safe. */
    private static final Duration UNSTATED_LIFETIME = Duration.ofMinutes(1);
    /**
     * The longest lifetime believed: a token kept longer would outlive a revocation the control plane does not announce
     * (it announces it with a 401, which drops the token at once anyway).
     */
    private static final Duration LONGEST_TRUSTED = Duration.ofDays(1);
    private static final String BEARER = "Bearer ";

    private final Cluster cluster;
    private final RunaiTokenApi api;
    private final RunaiTokenApi.Request request;
    private final Duration margin;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final AtomicReference<Token> current = new AtomicReference<>();
    private final Counter refreshed;
    private final Counter refreshFailed;
    private final SingleFlight<Token> refreshing = new SingleFlight<>(this::fetchToken);

    ClientCredentials(Cluster cluster, RunaiTokenApi api, String clientId, String clientSecret, Duration margin,
            ObjectMapper mapper, Clock clock, MeterRegistry meters) {
        this.refreshed = meters.counter(Meters.UPSTREAM_TOKEN_REFRESHES, Meters.CLUSTER, cluster.name(), Meters.RESULT,
                "success");
        this.refreshFailed = meters.counter(Meters.UPSTREAM_TOKEN_REFRESHES, Meters.CLUSTER, cluster.name(), Meters.RESULT,
                "failure");
        this.cluster = cluster;
        this.api = api;
        this.request = new RunaiTokenApi.Request("client_credentials", clientId, clientSecret);
        this.margin = margin;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * @return the credentials of a {@code client-credentials} cluster, with a REST client bound to its control plane
     * @throws IllegalStateException when the client id or secret is missing
     */
    static ClientCredentials of(Cluster cluster, ClusterConfig config, ObjectMapper mapper, MeterRegistry meters) {
        String prefix = "infergate.clusters." + cluster.name() + ".";
        String clientId = config.clientId()
                .filter(id -> !id.isBlank())
                .orElseThrow(() -> new IllegalStateException(prefix + "client-id is required with auth=client-credentials"));
        String clientSecret = config.clientSecret()
                .filter(secret -> !secret.isBlank())
                .orElseThrow(
                        () -> new IllegalStateException(prefix + "client-secret is required with auth=client-credentials"));
        RunaiTokenApi api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(cluster.url())
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                // whatever quarkus.rest-client.logging.* says, the bodies (secret, token) are never logged
                .clientLogger(new TokenEndpointLog(cluster.name()))
                .build(RunaiTokenApi.class);
        return new ClientCredentials(cluster, api, clientId, clientSecret, config.tokenRefreshMargin(), mapper,
                Clock.systemUTC(), meters);
    }

    @Override
    public Uni<UpstreamRequest> sign(UpstreamRequest upstream) {
        return token().map(token -> upstream.withAuthorization(BEARER + token.value()));
    }

    @Override
    public Uni<UpstreamRequest> renew(UpstreamRequest rejected) {
        Token token = current.get();
        if (token != null && (BEARER + token.value()).equals(rejected.authorization())
                && current.compareAndSet(token, null)) {
            Log.infof("The control plane of cluster %s refused InferGate's token before its expiry; getting a new one",
                    cluster.name());
        }
        return sign(rejected);
    }

    private Uni<Token> token() {
        Token token = current.get();
        Instant now = clock.instant();
        if (token != null && now.isBefore(token.refreshAt())) {
            return Uni.createFrom().item(token);
        }
        if (token != null && now.isBefore(token.expiresAt())) {
            return refresh()
                    .onFailure()
                    .recoverWithItem(token);
        }
        return refresh();
    }

    private Uni<Token> refresh() {
        return refreshing.get();
    }

    /** One request to the token endpoint; {@link #refreshing} shares it with every request that waits meanwhile. */
    private Uni<Token> fetchToken() {
        return api.token(request)
                .map(this::accept)
                .onFailure()
                .transform(this::explain);
    }

    private Token accept(RunaiTokenApi.Reply reply) {
        if (reply == null || reply.accessToken() == null || reply.accessToken().isBlank()) {
            throw GatewayException.badGateway("The control plane of cluster " + cluster.name()
                    + " answered the token request without an access token.");
        }
        Instant issued = clock.instant();
        Instant expiry = expiryOf(reply, issued);
        Duration lifetime = Duration.between(issued, expiry);
        Duration early = margin.compareTo(lifetime.dividedBy(2)) < 0 ? margin : lifetime.dividedBy(2);
        Token token = new Token(reply.accessToken(), expiry.minus(early), expiry);
        current.set(token);
        refreshed.increment();
        Log.debugf("Got an access token for cluster %s, valid for %d s", cluster.name(), lifetime.toSeconds());
        return token;
    }

    /**
     * @return the JWT's {@code exp} if it is a whole number of seconds after {@code issued} and before
     *         {@link #LONGEST_TRUSTED}, else the answer's {@code expiresIn} on the same terms, else a short assumed lifetime:
     *         an {@code exp} in the past, far in the future or not a number is not a lifetime to plan by
     */
    private Instant expiryOf(RunaiTokenApi.Reply reply, Instant issued) {
        String[] parts = reply.accessToken().split("\\.");
        if (parts.length == 3) {
            try {
                JsonNode exp = mapper.readTree(Base64.getUrlDecoder().decode(parts[1])).get("exp");
                if (exp != null && exp.isNumber() && exp.canConvertToLong() && exp.asLong() > issued.getEpochSecond()
                        && plausible(exp.asLong() - issued.getEpochSecond())) {
                    return Instant.ofEpochSecond(exp.asLong());
                }
            } catch (IllegalArgumentException | IOException e) {
                // not a JWT after all: fall back to what the answer says
            }
        }
        if (reply.expiresIn() != null && plausible(reply.expiresIn())) {
            return issued.plusSeconds(reply.expiresIn());
        }
        return issued.plus(UNSTATED_LIFETIME);
    }

    private static boolean plausible(long lifetimeSeconds) {
        return lifetimeSeconds > 0 && lifetimeSeconds <= LONGEST_TRUSTED.toSeconds();
    }

    private Throwable explain(Throwable failure) {
        refreshFailed.increment();
        if (failure instanceof GatewayException) {
            return failure;
        }
        if (failure instanceof WebApplicationException refused && refused.getResponse().getStatus() / 100 == 4) {
            int status = refused.getResponse().getStatus();
            Log.warnf("The control plane of cluster %s refused InferGate's client credentials with %d", cluster.name(),
                    status);
            return GatewayException.badGateway("The control plane of cluster " + cluster.name()
                    + " refused InferGate's client credentials (" + status + "); an operator must check infergate.clusters."
                    + cluster.name() + ".client-id and client-secret.");
        }
        String reason = failure instanceof WebApplicationException answered
                ? "it answered " + answered.getResponse().getStatus()
                : "it could not be reached";
        Log.warnf("No access token for cluster %s: %s", cluster.name(), reason);
        return GatewayException.unavailable("InferGate could not get an access token from the control plane of cluster "
                + cluster.name() + ": " + reason + ".");
    }

    /**
     * @param value the access token
     * @param refreshAt from when the next request gets a new token
     * @param expiresAt when the control plane stops accepting it
     */
    private record Token(String value, Instant refreshAt, Instant expiresAt) {

        @Override
        public String toString() {
            return "Token[refreshAt=" + refreshAt + ", expiresAt=" + expiresAt + "]";
        }
    }
}
