package io.infergate.upstream;

import io.smallrye.mutiny.Uni;

/**
 * How requests to one control plane are authenticated (docs/design.md principle 5). Each cluster has its own, so a token meant
 * for one control plane never travels to another.
 */
sealed interface UpstreamCredentials permits UpstreamCredentials.Passthrough, ClientCredentials {

    /**
     * @return the request carrying the credentials to send
     */
    Uni<UpstreamRequest> sign(UpstreamRequest request);

    /**
     * After the control plane answered 401 to a signed request.
     *
     * @return the request signed afresh to try once more, or a {@code null} item when another try cannot help
     */
    Uni<UpstreamRequest> renew(UpstreamRequest rejected);

    /**
     * The caller's own token goes upstream unchanged; a 401 is the caller's to fix.
     */
    final class Passthrough implements UpstreamCredentials {

        static final Passthrough INSTANCE = new Passthrough();

        private Passthrough() {
        }

        @Override
        public Uni<UpstreamRequest> sign(UpstreamRequest request) {
            return Uni.createFrom().item(request);
        }

        @Override
        public Uni<UpstreamRequest> renew(UpstreamRequest rejected) {
            return Uni.createFrom().nullItem();
        }
    }
}
