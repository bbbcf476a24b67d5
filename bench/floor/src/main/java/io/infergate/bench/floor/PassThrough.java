package io.infergate.bench.floor;

import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * The bench's floor: the two operations compare.sh measures, forwarded as they came to one control plane over one
 * pooled Vert.x client, its status and body passed back. Nothing else: the cost of Quarkus REST, Mutiny and Vert.x on
 * InferGate's path, which InferGate cannot go below.
 */
@Path("/api/v1/workloads/distributed-inferences")
@Singleton
public class PassThrough {

    private final HttpClient client;

    PassThrough(Vertx vertx, @ConfigProperty(name = "floor.upstream.port") int port) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
    }

    @GET
    @Path("{workloadId}")
    public Uni<Response> get(@PathParam("workloadId") String workloadId) {
        return send(HttpMethod.GET, "/api/v1/workloads/distributed-inferences/" + workloadId, null);
    }

    @POST
    public Uni<Response> create(byte[] body) {
        return send(HttpMethod.POST, "/api/v1/workloads/distributed-inferences", Buffer.buffer(body));
    }

    private Uni<Response> send(HttpMethod method, String path, Buffer body) {
        RequestOptions options = new RequestOptions().setMethod(method).setURI(path)
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json");
        return client.request(options)
                .chain(request -> body == null
                        ? request.send()
                        : request.send(io.vertx.mutiny.core.buffer.Buffer.newInstance(body)))
                .chain(this::toResponse);
    }

    private Uni<Response> toResponse(HttpClientResponse response) {
        return response.body()
                .map(body -> Response.status(response.statusCode())
                        .type("application/json")
                        .entity(body.getBytes())
                        .build());
    }
}
