/**
 * Who may act on which project and cluster. Authentication itself is Quarkus OIDC, configured under
 * {@code quarkus.oidc.*} and held to safe settings by {@link io.infergate.security.OidcGuardrails}; this package turns an
 * authenticated caller's groups into allow, hide or forbid decisions from the grants under {@code infergate.access.*}.
 */
package io.infergate.security;
