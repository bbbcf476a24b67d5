package io.infergate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * The id InferGate gives a request that came without a usable one: a random UUID in canonical form, version 4, IETF
 * variant, never the same twice.
 */
class RequestIdTest {

    @Test
    void shouldBeDistinctVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = EdgeFilters.newRequestId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
            assertThat(seen.add(id)).as(id).isTrue();
        }
    }
}
