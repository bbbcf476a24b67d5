package io.infergate.simulator;

/**
 * What a control plane makes of the bearer token of a request, see {@link TokenIssuer#check(String)}.
 */
enum TokenCheck {

    /** Issued by this control plane with its current key and not expired. */
    VALID,
    /** No {@code Authorization: Bearer} header. */
    MISSING,
    /** A bearer value that is not a signed JWT: not three base64url parts, or header or payload not a JSON object. */
    MALFORMED,
    /** A well-formed JWT this control plane never signed: another simulated cluster's or a real identity provider's. */
    FOREIGN,
    /** Issued by this control plane, but its {@code exp} has passed. */
    EXPIRED,
    /** Issued by this control plane before {@code POST /_sim/tokens/revoke}. */
    REVOKED
}
