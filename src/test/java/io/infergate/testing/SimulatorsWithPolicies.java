package io.infergate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@link RunningSimulator}'s clusters, with the policies of {@code policy/gateway.yaml} copied to a file of their own
 * that a test may rewrite: the gateway re-reads it every 200 ms.
 */
public class SimulatorsWithPolicies extends RunningSimulator {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        try (InputStream policies = getClass().getClassLoader().getResourceAsStream("policy/gateway.yaml")) {
            Path file = Files.createTempFile("infergate-policies-", ".yaml");
            file.toFile().deleteOnExit();
            Files.write(file, policies.readAllBytes());
            config.put("infergate.policy.file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("infergate.policy.reload-interval", "200ms");
        return config;
    }
}
