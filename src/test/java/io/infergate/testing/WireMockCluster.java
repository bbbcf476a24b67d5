package io.infergate.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A cluster {@code wm} whose control plane is WireMock on a free port, for the faults a faithful simulator cannot
 * produce on demand: garbage answers, resets at the TCP level, answers that never finish. Requests time out after one
 * second so slow-upstream tests stay short.
 */
public class WireMockCluster implements QuarkusTestResourceLifecycleManager {

    /** The {@code clusterId} of cluster {@code wm}. */
    public static final String CLUSTER_WM = "3e0a8f5b-6c7d-4e8f-90a1-b2c3d4e5f607";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return config(server.baseUrl());
    }

    /**
     * @param baseUrl where WireMock listens
     * @return the clusters that WireMock serves
     */
    protected Map<String, String> config(String baseUrl) {
        return Map.of(
                "infergate.clusters.wm.id", CLUSTER_WM,
                "infergate.clusters.wm.url", baseUrl,
                "infergate.clusters.wm.request-timeout", "1s");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class,
                WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
