package io.infergate.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A simulated control plane on a free port with a hand-driven clock, and a plain HTTP/1.1 client to call it.
 */
final class SimHarness implements AutoCloseable {

    static final UUID CLUSTER_ID = UUID.fromString("5c1a7d2e-3f4b-4c6d-8e9f-0a1b2c3d4e5f");
    static final Duration PHASE_DELAY = Duration.ofSeconds(2);
    static final Instant START = Instant.parse("2025-06-01T10:00:00Z");
    static final Duration TOKEN_TTL = Duration.ofHours(1);
    /** A leader as small as the contract allows. */
    static final String LEADER = "\"leader\":{\"image\":\"nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3\"}";

    final MutableClock clock = new MutableClock(START);
    final Vertx vertx = Vertx.vertx();
    final SimulatedControlPlane controlPlane;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    SimHarness() {
        this(Map.of());
    }

    SimHarness(Map<String, String> credentials) {
        this(credentials, false);
    }

    SimHarness(Map<String, String> credentials, boolean requireToken) {
        this(credentials, requireToken, UnknownFields.ACCEPT);
    }

    SimHarness(Map<String, String> credentials, boolean requireToken, UnknownFields unknownFields) {
        controlPlane = new SimulatedControlPlane(vertx, CLUSTER_ID, "127.0.0.1", 0, PHASE_DELAY, TOKEN_TTL, credentials,
                clock, requireToken, unknownFields);
        await(controlPlane.start());
    }

    /** A simulator whose workload API requires its own tokens. */
    static SimHarness requiringTokens() {
        return new SimHarness(Map.of(), true);
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) {
        try {
            return client.send(request(method, path, body, headers), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String body, String... headers) {
        return client.sendAsync(request(method, path, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !java.util.Arrays.asList(headers).contains("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request.build();
    }

    HttpResponse<String> create(String body, String... headers) {
        return send("POST", SimulatedControlPlane.WORKLOADS, body, headers);
    }

    /** Creates a workload named {@code name} in project {@code 1} and returns its id. */
    String createWorkload(String name) {
        return json(create(createBody(name, "{\"replicas\":1}"))).get("workloadId").asText();
    }

    HttpResponse<String> get(String workloadId, String... headers) {
        return send("GET", SimulatedControlPlane.WORKLOADS + "/" + workloadId, null, headers);
    }

    /** Asks {@code POST /api/v1/token} for a token of client {@code clientId} and returns the access token. */
    String token(String clientId) {
        HttpResponse<String> response = send("POST", SimulatedControlPlane.TOKEN, tokenBody(clientId));
        if (response.statusCode() != 200) {
            throw new AssertionError("No token: " + response.statusCode() + " " + response.body());
        }
        return json(response).get("accessToken").asText();
    }

    JsonNode stats() {
        return json(send("GET", SimulatedControlPlane.STATS, null));
    }

    static String tokenBody(String clientId) {
        return "{\"grantType\":\"client_credentials\",\"clientId\":\"" + clientId + "\",\"clientSecret\":\"x\"}";
    }

    /** The {@code Authorization} header pair for a bearer token, to pass as {@code headers}. */
    static String[] bearer(String token) {
        return new String[] { "Authorization", "Bearer " + token };
    }

    /**
     * A create body valid by the contract: {@code spec} is given a leader when it has none, since the contract requires
     * one.
     */
    static String createBody(String name, String spec) {
        String valid = spec == null ? "{" + LEADER + "}"
                : spec.contains("\"leader\"") ? spec : spec.replaceFirst("^\\{", "{" + LEADER + ",").replace(",}", "}");
        return "{\"name\":\"" + name + "\",\"projectId\":\"1\",\"clusterId\":\"" + CLUSTER_ID + "\",\"spec\":" + valid
                + "}";
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return SimJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + response.body(), e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + controlPlane.port() + path);
    }

    @Override
    public void close() {
        await(controlPlane.stop());
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
