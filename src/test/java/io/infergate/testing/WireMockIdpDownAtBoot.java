package io.infergate.testing;

/**
 * {@link WatchedWireMockIdp}, not listening yet when the gateway starts: a test starts it (on the port the gateway was
 * given) when it wants the provider back.
 */
public class WireMockIdpDownAtBoot extends WatchedWireMockIdp {

    @Override
    protected boolean upAtBoot() {
        return false;
    }
}
