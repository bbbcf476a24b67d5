package io.infergate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Signs access tokens with the test-only key {@code security/test-signing-key.pem}, whose public half the test profile
 * trusts ({@code src/test/resources/application.properties}). {@link #admin()} may do everything; {@link #builder()}
 * makes any other token, including the broken ones a gateway must refuse.
 */
public final class TestTokens {

    /** The issuer the test profile expects. */
    public static final String ISSUER = "https://issuer.infergate.test";
    /** The audience InferGate's shipped configuration requires. */
    public static final String AUDIENCE = "infergate";
    /** A group the test profile names in {@code infergate.access.admin-groups}. */
    public static final String ADMINS = "infergate-admins";

    private static final PrivateKey KEY = privateKey("security/test-signing-key.pem");
    private static final String ADMIN = builder().subject("test-admin").groups(ADMINS).sign();

    private TestTokens() {
    }

    /**
     * @return a valid token of a member of the admin group, good for a day
     */
    public static String admin() {
        return ADMIN;
    }

    /**
     * @return {@code Bearer } and the admin token, the value of an {@code Authorization} header
     */
    public static String adminHeader() {
        return "Bearer " + ADMIN;
    }

    /**
     * @return a builder of a token valid for the test profile until changed
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the public half of the test key, base64 DER, as {@code quarkus.oidc.public-key} takes it
     */
    public static String publicKey() {
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) KEY;
        try {
            PublicKey pub = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            return Base64.getEncoder().encodeToString(pub.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signs a header and claims given as JSON text, byte for byte, with the test key (RS256): for values no claims
     * library writes (a number beyond a double, a header parameter of the wrong type).
     *
     * @param headerJson the JOSE header, e.g. {@code {"alg":"RS256"}}
     * @param claimsJson the payload
     * @return the compact serialisation
     */
    public static String signRaw(String headerJson, String claimsJson) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String input = base64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(KEY);
            rs256.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + base64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a PKCS#8 PEM private key from the test classpath.
     */
    public static PrivateKey privateKey(String resource) {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /**
     * A token under construction; each setter returns the builder.
     */
    public static final class Builder {

        private final JwtClaims claims = new JwtClaims();
        private PrivateKey key = KEY;
        private String keyId;
        private String algorithm = AlgorithmIdentifiers.RSA_USING_SHA256;

        Builder() {
            claims.setIssuer(ISSUER);
            claims.setAudience(AUDIENCE);
            claims.setSubject("test-user");
            claims.setIssuedAtToNow();
            claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().plus(Duration.ofDays(1)).getEpochSecond()));
        }

        public Builder subject(String subject) {
            claims.setSubject(subject);
            return this;
        }

        public Builder groups(String... groups) {
            claims.setStringListClaim("groups", List.of(groups));
            return this;
        }

        public Builder claim(String name, Object value) {
            claims.setClaim(name, value);
            return this;
        }

        public Builder issuer(String issuer) {
            claims.setIssuer(issuer);
            return this;
        }

        /**
         * @param audience the audience, or {@code null} for a token without one
         */
        public Builder audience(String audience) {
            if (audience == null) {
                claims.unsetClaim("aud");
            } else {
                claims.setAudience(audience);
            }
            return this;
        }

        public Builder expiresAt(Instant expiry) {
            claims.setExpirationTime(NumericDate.fromSeconds(expiry.getEpochSecond()));
            return this;
        }

        public Builder notBefore(Instant notBefore) {
            claims.setNotBefore(NumericDate.fromSeconds(notBefore.getEpochSecond()));
            return this;
        }

        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        public Builder signedWith(PrivateKey key) {
            this.key = key;
            return this;
        }

        public String sign() {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(algorithm);
            jws.setKey(key);
            if (keyId != null) {
                jws.setKeyIdHeaderValue(keyId);
            }
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * @return the claims, for tokens a signing library refuses to make (no signature, a forged algorithm)
         */
        public String claimsJson() {
            return claims.toJson();
        }
    }
}
