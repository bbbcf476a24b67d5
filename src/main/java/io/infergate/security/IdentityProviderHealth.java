package io.infergate.security;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.health.api.Wellness;

/**
 * Whether the OIDC provider could be reached at the last fetch of its key set, in the wellness group
 * ({@code /q/health/well}), never in readiness: one provider serves every replica, so a readiness check that followed it
 * would take them all out of the Service at once, though tokens of the keys already fetched still verify and a
 * remembered token needs no provider at all. The check reads what {@link ProviderKeys} last saw; a probe never calls the
 * provider.
 */
@Wellness
@Singleton
class IdentityProviderHealth implements HealthCheck {

    private final ProviderKeys keys;

    IdentityProviderHealth(ProviderKeys keys) {
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder check = HealthCheckResponse.named("identity-provider");
        if (!keys.active()) {
            return check.up().withData("verification", "configured public key").build();
        }
        ProviderKeys.Status status = keys.status();
        if (status.keys() != null) {
            check.withData("keysFetchedAt", status.keys().fetchedAt().toString())
                    .withData("keys", status.keys().keyIds().size());
        }
        if (status.unreachableSince() != null) {
            return check.down()
                    .withData("unreachableSince", status.unreachableSince().toString())
                    .withData("reason", status.reason())
                    .build();
        }
        return check.status(status.keys() != null).build();
    }
}
