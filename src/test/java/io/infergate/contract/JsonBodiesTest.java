package io.infergate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

import io.infergate.error.GatewayException;
import io.vertx.core.buffer.Buffer;

class JsonBodiesTest {

    private final JsonBodies bodies = new JsonBodies();

    @Test
    void shouldKeepNumbersExact() {
        assertThat(bodies.object(Buffer.buffer("{\"a\":1.000000000000000000001}")).get("a").decimalValue())
                .hasToString("1.000000000000000000001");
    }

    @Test
    void shouldRejectNestingDeeperThanTheLimit() {
        String deep = "{\"a\":".repeat(JsonBodies.MAX_DEPTH + 1) + "1" + "}".repeat(JsonBodies.MAX_DEPTH + 1);

        assertThat(rejection(deep).details()).contains("nesting depth");
    }

    @Test
    void shouldRejectOverlongStringsNumbersAndNames() {
        assertThat(rejection("{\"a\":\"" + "x".repeat(JsonBodies.MAX_STRING_LENGTH + 1) + "\"}").details())
                .contains("String value length");
        assertThat(rejection("{\"a\":" + "9".repeat(JsonBodies.MAX_NUMBER_LENGTH + 1) + "}").details())
                .contains("Number value length");
        assertThat(rejection("{\"" + "k".repeat(JsonBodies.MAX_NAME_LENGTH + 1) + "\":1}").details())
                .contains("Name length");
    }

    @Test
    void shouldRejectExponentsNoFieldCouldUseBeforeAnythingPrintsThem() {
        assertThat(rejection("{\"a\":1e999999999}").details()).contains("number out of range");
        assertThat(rejection("{\"a\":-1e-999999999}").details()).contains("number out of range");
        assertThat(rejection("{\"a\":1e2147483648}").details()).contains("number out of range");
        assertThat(bodies.object(Buffer.buffer("{\"a\":1e400}")).get("a").decimalValue()).isNotNull();
    }

    @Test
    void shouldRejectDuplicateKeysTrailingContentAndNonObjects() {
        assertThat(rejection("{\"a\":1,\"a\":2}").details()).contains("Duplicate field 'a'");
        assertThat(rejection("{\"a\":1} {\"b\":2}").details()).contains("Trailing token");
        assertThat(rejection("[1]").details()).contains("must be a JSON object");
        assertThat(rejection("").details()).contains("must be a JSON object");
    }

    @Test
    void shouldKeepNoSharedTableOfTheFieldNamesCallersSend() {
        // Given the same caller-chosen field name in two requests
        String body = "{\"aFieldNameNoContractHas\":1}";

        // When both are read
        String first = bodies.object(Buffer.buffer(body)).fieldNames().next();
        String second = bodies.object(Buffer.buffer(body)).fieldNames().next();

        // Then each request has its own copy: Jackson's shared name table (which hands out one instance) grows
        // superlinearly with names that never repeat, and a hostile body is made of those
        assertThat(second).isEqualTo(first).isNotSameAs(first);
    }

    private GatewayException rejection(String body) {
        GatewayException rejected = catchThrowableOfType(GatewayException.class, () -> bodies.object(Buffer.buffer(body)));
        assertThat(rejected).isNotNull();
        assertThat(rejected.status()).isEqualTo(400);
        return rejected;
    }
}
