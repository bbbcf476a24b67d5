package io.infergate.security;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.infergate.testing.TestTokens;

/**
 * What a bearer token costs per request, measured with JMH: {@code verify} checks an RS256 token's signature, issuer,
 * audience and expiry with jose4j, the library Quarkus OIDC verifies with (OIDC adds its own bookkeeping on top, so
 * this is a lower bound of a cache miss); {@code cached} is the lookup {@link VerifiedTokens} does instead once the
 * token has been verified.
 * <p>
 * Sample time. Not a test (no {@code *Test} name); run it with {@code bench/validation.sh TokenBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class TokenBenchmark {

    private String token;
    private JwtConsumer consumer;
    private Cache<String, JwtClaims> cache;

    @Setup
    public void setUp() throws Exception {
        token = TestTokens.admin();
        PublicKey key = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(TestTokens.publicKey())));
        consumer = new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setExpectedIssuer(TestTokens.ISSUER)
                .setExpectedAudience(TestTokens.AUDIENCE)
                .setRequireExpirationTime()
                .build();
        cache = Caffeine.newBuilder().maximumSize(10_000).build();
        cache.put(token, consumer.processToClaims(token));
    }

    /**
     * @return the verified claims, so that JMH consumes them
     */
    @Benchmark
    public JwtClaims verify() throws InvalidJwtException {
        return consumer.processToClaims(token);
    }

    /**
     * @return the remembered claims
     */
    @Benchmark
    public JwtClaims cached() {
        return cache.getIfPresent(token);
    }
}
