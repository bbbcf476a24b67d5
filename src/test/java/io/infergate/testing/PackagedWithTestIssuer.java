package io.infergate.testing;

import java.util.Map;

/**
 * {@link RunningSimulator}'s clusters for the packaged jar, which runs in the production profile and so trusts no key
 * until told: here, the test key of {@link TestTokens}, given the way a deployment gives its own; and its management
 * interface on a free loopback port.
 */
public class PackagedWithTestIssuer extends RunningSimulator {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        config.put("quarkus.oidc.public-key", TestTokens.publicKey());
        config.put("quarkus.oidc.token.issuer", TestTokens.ISSUER);
        config.put("infergate.access.admin-groups", TestTokens.ADMINS);
        // not the production default 9000 on every address: parallel builds would collide there
        config.putAll(Management.onFreePort());
        return config;
    }
}
