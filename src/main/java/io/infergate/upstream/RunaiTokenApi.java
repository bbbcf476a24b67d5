package io.infergate.upstream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.smallrye.mutiny.Uni;

/**
 * A control plane's v1 token endpoint, as a Quarkus REST client built per cluster by {@link ClientCredentials}.
 */
@Path("/api/v1/token")
public interface RunaiTokenApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Reply> token(Request request);

    /**
     * The {@code client_credentials} request, spelt as the Run:ai documentation's examples spell it ({@code clientId}).
     */
    record Request(String grantType, String clientId, String clientSecret) {

        @Override
        public String toString() {
            return "Request[grantType=" + grantType + ", clientId=" + clientId + ", clientSecret=<redacted>]";
        }
    }

    /**
     * The answer; {@code expiresIn} (seconds) is optional, the JWT's own {@code exp} is preferred.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Reply(String accessToken, Long expiresIn) {

        @Override
        public String toString() {
            return "Reply[accessToken=<redacted>, expiresIn=" + expiresIn + "]";
        }
    }
}
