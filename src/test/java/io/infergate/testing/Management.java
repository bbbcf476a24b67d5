package io.infergate.testing;

import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The gateway's management interface, where metrics and health live (never on the API port): for a {@code @QuarkusTest}
 * the port Quarkus bound for {@code quarkus.management.test-port} (0 in the test profile: a free one per run), and for a
 * packaged jar the properties that give it a free port of its own.
 */
public final class Management {

    private Management() {
    }

    /**
     * @return the management port of the {@code @QuarkusTest} application running now
     */
    public static int port() {
        // Quarkus writes the port it bound back into this key once the interface listens
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    /**
     * @return {@link RestAssured#given()} aimed at the management port
     */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }

    /**
     * @return what Prometheus would scrape now
     */
    public static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /**
     * @return system properties that put a packaged jar's management interface on a free loopback port
     */
    public static Map<String, String> onFreePort() {
        return Map.of("quarkus.management.host", "127.0.0.1", "quarkus.management.port", Integer.toString(FreePorts.next()));
    }
}
