package io.infergate.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/token} with the {@code client_credentials} grant. Both {@code clientId} (the documentation's
 * spelling) and {@code clientID} (the OpenAPI's) are accepted, as real control planes do.
 */
final class TokenApi {

    static final String CLIENT_CREDENTIALS = "client_credentials";

    private final TokenIssuer issuer;
    private final Map<String, String> credentials;
    private final Stats stats;

    /**
     * @param credentials accepted client id to secret; empty means any non-blank pair is accepted
     * @param stats where issued tokens are counted
     */
    TokenApi(TokenIssuer issuer, Map<String, String> credentials, Stats stats) {
        this.issuer = issuer;
        this.credentials = Map.copyOf(credentials);
        this.stats = stats;
    }

    void issue(RoutingContext ctx) {
        ObjectNode body = SimJson.requireObject(ctx);
        String grantType = SimJson.optionalText(body, "grantType");
        String clientId = SimJson.optionalText(body, "clientId");
        if (clientId == null) {
            clientId = SimJson.optionalText(body, "clientID");
        }
        String clientSecret = SimJson.optionalText(body, "clientSecret");
        List<String> missing = new ArrayList<>();
        if (isBlank(grantType)) {
            missing.add("grantType");
        }
        if (isBlank(clientId)) {
            missing.add("clientId");
        }
        if (isBlank(clientSecret)) {
            missing.add("clientSecret");
        }
        if (!missing.isEmpty()) {
            throw SimErrors.missing("Missing required field(s): " + String.join(", ", missing));
        }
        if (!CLIENT_CREDENTIALS.equals(grantType)) {
            throw SimErrors.badRequest("grantType must be " + CLIENT_CREDENTIALS);
        }
        if (!accepts(clientId, clientSecret)) {
            throw SimErrors.unauthorized();
        }
        TokenIssuer.IssuedToken token = issuer.issue(clientId);
        stats.tokenIssued();
        SimJson.reply(ctx, 200, SimJson.object()
                .put("accessToken", token.accessToken())
                .put("expiresIn", token.expiresIn()));
    }

    private boolean accepts(String clientId, String clientSecret) {
        if (credentials.isEmpty()) {
            return true;
        }
        String expected = credentials.get(clientId);
        // constant-time comparison, so the simulator does not teach timing attacks by example
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                clientSecret.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
