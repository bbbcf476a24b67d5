package io.infergate.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link WireMockTokenCluster} with every log category at DEBUG and the REST client told to log whole requests and
 * answers: the settings under which a secret would show if anything logged it.
 */
public class VerboseWireMockTokenCluster extends WireMockTokenCluster {

    @Override
    protected Map<String, String> config(String baseUrl) {
        Map<String, String> config = new HashMap<>(super.config(baseUrl));
        config.put("quarkus.log.level", "DEBUG");
        config.put("quarkus.log.category.\"io.infergate\".level", "DEBUG");
        config.put("quarkus.log.category.\"io.quarkus\".level", "DEBUG");
        config.put("quarkus.log.category.\"org.jboss.resteasy.reactive.client.logging\".level", "DEBUG");
        config.put("quarkus.rest-client.logging.scope", "request-response");
        config.put("quarkus.rest-client.logging.body-limit", "100000");
        return config;
    }
}
