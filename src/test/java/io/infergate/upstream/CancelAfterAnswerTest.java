package io.infergate.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.infergate.cluster.Cluster;
import io.infergate.cluster.ClustersConfig;
import io.infergate.observability.Meters;
import io.infergate.testing.CapturedLog;
import io.infergate.testing.FreePorts;
import io.infergate.testing.RunningSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.http.HttpServer;
import io.vertx.mutiny.core.Vertx;

/**
 * A request whose caller hangs up while its answer is arriving (a client gone, a fan-out lost) must not take the pooled
 * connection down with it: a second request is queued for the same, single connection and must get its answer. The
 * answer is large (about 1.3 MB) so that the cancellation lands while it is being read or checked.
 */
@QuarkusTest
@TestProfile(CancelAfterAnswerTest.OneConnection.class)
@WithTestResource(RunningSimulator.class)
class CancelAfterAnswerTest {

    /** Cluster a's settings, with one pooled connection; the test's client uses them. */
    public static class OneConnection implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("infergate.clusters.a.pool-size", "1");
        }
    }

    private static final String PATH = "/api/v1/workloads/distributed-inferences/big";

    @Inject
    Vertx vertx;
    @Inject
    ClustersConfig config;
    @Inject
    ObjectMapper mapper;
    @Inject
    MeterRegistry registry;

    private HttpServer server;
    private UpstreamClient client;
    private volatile CountDownLatch answerWritten;

    @BeforeEach
    void start() throws Exception {
        StringBuilder body = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 200_000; i++) {
            body.append(i == 0 ? "" : ",").append(i);
        }
        byte[] answer = body.append("]}").toString().getBytes();
        int port = FreePorts.next();
        server = vertx.getDelegate().createHttpServer()
                .requestHandler(request -> {
                    if (request.path().endsWith("/slow")) {
                        vertx.getDelegate().setTimer(300, timer -> request.response()
                                .putHeader("Content-Type", "application/json").end("{}"));
                        return;
                    }
                    request.response()
                            .putHeader("Content-Type", "application/json")
                            .end(io.vertx.core.buffer.Buffer.buffer(answer))
                            .onComplete(done -> answerWritten.countDown());
                })
                .listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client = new UpstreamClient(vertx, new Cluster("big", UUID.randomUUID(), URI.create("http://127.0.0.1:" + port)),
                config.clusters().get("a"), mapper.getFactory(), registry);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldAnswerTheNextRequestOnTheConnectionOfOneCancelledWhileItsAnswerArrives() throws Exception {
        UpstreamRequest get = new UpstreamRequest(Operation.GET, PATH, Map.of(), null, Context.root());
        try (CapturedLog log = CapturedLog.everything()) {
            cancelWhileAnswering(get);

            // and cancelling, a normal path, logged no error
            assertThat(log.lines()).filteredOn(line -> line.level().intValue() >= Level.SEVERE.intValue())
                    .as("ERROR lines").isEmpty();
        }
        // and no connection is left counted as in use
        assertThat(registry.get(Meters.UPSTREAM_POOL_LEASED).tag(Meters.CLUSTER, "big").gauge().value()).isZero();
    }

    @Test
    void shouldLogNoErrorWhenARequestCancelledWhileWaitingForTheConnectionIsHandedIt() throws Exception {
        UpstreamRequest slow = new UpstreamRequest(Operation.GET, "/api/v1/workloads/distributed-inferences/slow",
                Map.of(), null, Context.root());
        try (CapturedLog log = CapturedLog.everything()) {
            // Given the one connection busy with a slow answer, and a second request waiting for it
            CompletableFuture<UpstreamResponse> first = client.send(slow).subscribeAsCompletionStage();
            Cancellable waiting = client.send(slow).subscribe().with(answer -> {
            }, failure -> {
            });

            // When the waiting one's caller hangs up, and the connection is handed to it once the first is answered
            waiting.cancel();
            assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);

            // Then it is reset unsent without an error in the log, and the next request is served
            assertThat(client.send(slow).subscribeAsCompletionStage().get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(log.lines()).filteredOn(line -> line.level().intValue() >= Level.SEVERE.intValue())
                    .as("ERROR lines").isEmpty();
        }
    }

    private void cancelWhileAnswering(UpstreamRequest get) throws Exception {
        for (int round = 0; round < 40; round++) {
            answerWritten = new CountDownLatch(1);
            Cancellable first = client.send(get).subscribe().with(answer -> {
            }, failure -> {
            });
            CompletableFuture<UpstreamResponse> second = client.send(get).subscribeAsCompletionStage();

            // the first answer is on its way; its caller hangs up while the gateway is still reading or checking it
            assertThat(answerWritten.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(round % 4);
            first.cancel();

            assertThat(second.get(10, TimeUnit.SECONDS).status()).as("round %d", round).isEqualTo(200);
        }
    }
}
