/**
 * Who may act on which project and cluster. Authentication itself is Quarkus OIDC, configured under
 * {@code quarkus.oidc.*} and held to safe settings by {@link io.infergate.security.OidcGuardrails}; this package turns an
 * authenticated caller's groups into decisions from the grants under {@code infergate.access.*}: the clusters it may
 * use, the create grant, and for a located workload a {@link io.infergate.security.Verdict} (allow, hide, or forbid
 * with its 403), built by {@code ByIdAccess} and applied by the router.
 * Around Quarkus OIDC it remembers verified tokens ({@link io.infergate.security.VerifiedTokens}), refuses keys the
 * provider has withdrawn ({@link io.infergate.security.ProviderKeys}), says when the provider cannot be reached, and keeps
 * tokens and secrets out of every log line ({@link io.infergate.security.RedactingFilter}).
 */
package io.infergate.security;
