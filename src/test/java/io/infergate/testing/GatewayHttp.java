package io.infergate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.restassured.RestAssured;

/**
 * Plain HTTP to the gateway under test with exactly the {@code Authorization} header given (or none), for tests where
 * RestAssured's header handling would get in the way.
 */
public final class GatewayHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayHttp() {
    }

    /**
     * @param method GET, POST, PATCH or DELETE
     * @param path the path on the gateway
     * @param authorization the {@code Authorization} header value, or {@code null} for none
     * @param body a JSON body, or {@code null}
     */
    public static HttpResponse<String> send(String method, String path, String authorization, String body) {
        return send(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path), method, authorization, Map.of(), body);
    }

    /**
     * {@link #send(String, String, String, String)} to any gateway, e.g. one of several packaged replicas.
     *
     * @param headers more request headers, e.g. {@code Idempotency-Key}
     */
    public static HttpResponse<String> send(URI uri, String method, String authorization, Map<String, String> headers,
            String body) {
        HttpRequest.Builder request = HttpRequest
                .newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
