package io.infergate.contract;

import java.math.BigInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.format.Format;

/**
 * The OpenAPI {@code int32} and {@code int64} formats, which JSON Schema validators do not check: an integer outside the
 * range the control plane parses into. Values that are not integers are left to the {@code type} keyword.
 */
enum IntegerFormat implements Format {
    INT32("int32", BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)),
    INT64("int64", BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE));

    private final String formatName;
    private final BigInteger min;
    private final BigInteger max;

    IntegerFormat(String formatName, BigInteger min, BigInteger max) {
        this.formatName = formatName;
        this.min = min;
        this.max = max;
    }

    @Override
    public String getName() {
        return formatName;
    }

    @Override
    public boolean matches(ExecutionContext executionContext, SchemaContext schemaContext, JsonNode value) {
        return holds(value);
    }

    /**
     * @return whether {@code value} is no integer or one within the range
     */
    boolean holds(JsonNode value) {
        if (!value.isIntegralNumber()) {
            return true;
        }
        BigInteger number = value.bigIntegerValue();
        return number.compareTo(min) >= 0 && number.compareTo(max) <= 0;
    }
}
