package io.infergate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.netty.util.Version;

/**
 * The HTTP/1 parser InferGate's edge relies on is Netty's. A BOM or dependency change that brings back a Netty without
 * the published request-smuggling fixes fails the build here instead of shipping.
 */
class NettyVersionTest {

    /**
     * Per release line, the first version with every HTTP/1 parsing fix known to InferGate: CVE-2025-58056 (bare LF in
     * chunk lines, 4.1.125), CVE-2026-33870 (quoted strings in chunk extensions, 4.1.132), CVE-2026-42581 (HTTP/1.0
     * with Content-Length and Transfer-Encoding, 4.1.133), CVE-2026-50020 (control bytes before the request line,
     * 4.1.135), CVE-2026-89044 (Transfer-Encoding whose last coding is not chunked, 4.1.138 / 4.2.18). A line not
     * listed has not been reviewed.
     */
    private static final Map<String, Integer> FIRST_FIXED_PATCH = Map.of("4.1", 138, "4.2", 18);

    @Test
    void shouldRunANettyHttpCodecWithTheKnownHttp1ParserFixes() {
        Version codec = Version.identify().get("netty-codec-http");
        assertThat(codec).as("netty-codec-http on the class path").isNotNull();

        String[] parts = codec.artifactVersion().split("\\.");
        String line = parts[0] + "." + parts[1];
        assertThat(FIRST_FIXED_PATCH).as("reviewed Netty release lines (found %s)", codec.artifactVersion())
                .containsKey(line);
        assertThat(Integer.parseInt(parts[2])).as("netty-codec-http %s patch level", codec.artifactVersion())
                .isGreaterThanOrEqualTo(FIRST_FIXED_PATCH.get(line));
    }

    @Test
    void shouldRunOneNettyVersionThroughout() {
        Map<String, String> versions = Version.identify()
                .values()
                .stream()
                .filter(version -> !version.artifactId().startsWith("netty-tcnative"))
                .collect(Collectors.toMap(Version::artifactId, Version::artifactVersion));

        assertThat(versions.values().stream().distinct()).as("Netty artifacts %s", versions).hasSize(1);
    }
}
