package io.infergate.simulator;

import static io.infergate.simulator.SimHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class TokenEndpointTest {

    private static final String TOKEN = SimulatedControlPlane.TOKEN;

    @Test
    void shouldIssueAJwtForClientIdWhenNoCredentialsAreConfigured() throws Exception {
        try (SimHarness sim = new SimHarness()) {
            // Given a simulator without configured credentials
            // When a token is requested with the clientId spelling
            HttpResponse<String> response = sim.send("POST", TOKEN,
                    "{\"grantType\":\"client_credentials\",\"clientId\":\"svc\",\"clientSecret\":\"anything\"}");

            // Then it is a signed JWT for that client, valid for the configured hour
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.get("expiresIn").asLong()).isEqualTo(3600);
            String[] parts = body.get("accessToken").asText().split("\\.");
            assertThat(parts).hasSize(3);
            JsonNode header = SimJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = SimJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            assertThat(header.get("alg").asText()).isEqualTo("HS256");
            assertThat(header.get("typ").asText()).isEqualTo("JWT");
            assertThat(claims.get("sub").asText()).isEqualTo("svc");
            assertThat(claims.get("iss").asText()).isEqualTo("runai-simulator");
            assertThat(claims.get("iat").asLong()).isEqualTo(SimHarness.START.getEpochSecond());
            assertThat(claims.get("exp").asLong()).isEqualTo(SimHarness.START.getEpochSecond() + 3600);
            assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(32);
        }
    }

    @Test
    void shouldAcceptTheClientIDSpellingAndCheckConfiguredCredentials() {
        try (SimHarness sim = new SimHarness(Map.of("gateway", "s3cret"))) {
            // Given configured credentials
            // When tokens are requested with the right secret (clientID spelling), a wrong secret and an unknown client
            HttpResponse<String> good = sim.send("POST", TOKEN,
                    "{\"grantType\":\"client_credentials\",\"clientID\":\"gateway\",\"clientSecret\":\"s3cret\"}");
            HttpResponse<String> badSecret = sim.send("POST", TOKEN,
                    "{\"grantType\":\"client_credentials\",\"clientId\":\"gateway\",\"clientSecret\":\"nope\"}");
            HttpResponse<String> unknownClient = sim.send("POST", TOKEN,
                    "{\"grantType\":\"client_credentials\",\"clientId\":\"other\",\"clientSecret\":\"s3cret\"}");

            // Then only the right pair gets a token; the others get the vendor 401
            assertThat(good.statusCode()).isEqualTo(200);
            assertThat(json(good).get("accessToken").asText()).isNotBlank();
            assertThat(badSecret.statusCode()).isEqualTo(401);
            assertThat(json(badSecret).get("code").asInt()).isEqualTo(401);
            assertThat(json(badSecret).get("message").asText()).isEqualTo("Issuer is not familiar.");
            assertThat(unknownClient.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void shouldRejectAWrongGrantTypeOrMissingFieldsWith400() {
        try (SimHarness sim = new SimHarness()) {
            // Given token requests with an unsupported grant and without a secret
            // When they are sent
            HttpResponse<String> wrongGrant = sim.send("POST", TOKEN,
                    "{\"grantType\":\"password\",\"clientId\":\"svc\",\"clientSecret\":\"x\"}");
            HttpResponse<String> noSecret = sim.send("POST", TOKEN,
                    "{\"grantType\":\"client_credentials\",\"clientId\":\"svc\"}");

            // Then both are 400 Errors
            assertThat(wrongGrant.statusCode()).isEqualTo(400);
            assertThat(json(wrongGrant).get("details").asText()).contains("client_credentials");
            assertThat(noSecret.statusCode()).isEqualTo(400);
            assertThat(json(noSecret).get("message").asText()).isEqualTo("Required parameter is missing");
        }
    }

    @Test
    void shouldAttributeWorkloadsToTheSubjectOfAnIssuedToken() {
        try (SimHarness sim = new SimHarness()) {
            // Given a token issued by the simulator
            String token = json(sim.send("POST", TOKEN,
                    "{\"grantType\":\"client_credentials\",\"clientId\":\"ci-bot\",\"clientSecret\":\"x\"}"))
                    .get("accessToken").asText();

            // When a workload is created with it
            JsonNode created = json(sim.create(SimHarness.createBody("by-bot", null), "Authorization", "Bearer " + token));

            // Then the workload is created by the token's client
            assertThat(created.get("createdBy").asText()).isEqualTo("ci-bot");
        }
    }
}
