package io.infergate.contract;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.CharBuffer;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ValueNode;

import io.infergate.error.GatewayException;
import io.vertx.core.buffer.Buffer;

/**
 * Reads request bodies into a JSON tree, strictly: strict UTF-8 without a byte order mark ({@link StrictUtf8}), one
 * JSON object, no duplicate keys, bounded nesting and bounded string, number and field-name lengths, and numbers kept
 * exact so nothing a caller sends is rounded on its way upstream. Every request body the gateway reads comes through
 * {@link #object}. Errors say where the problem is and quote at most the offending token, never the body.
 */
@Singleton
public class JsonBodies {

    /** Deeper than any valid Distributed Inference body (about 10 levels) by a wide margin. */
    static final int MAX_DEPTH = 32;
    /** The longest string the contract allows is 10,000 characters. */
    static final int MAX_STRING_LENGTH = 65_536;
    /** Enough for any int64 and any decimal a person writes; far below what would make parsing slow. */
    static final int MAX_NUMBER_LENGTH = 64;
    /** The longest field name in the contract has about 30 characters. */
    static final int MAX_NAME_LENGTH = 256;
    /**
     * Largest decimal exponent, either way: 1e999999999 is 11 characters, but writing it out (as validators and
     * messages do) takes a billion digits. No field of the contract comes near 1e±1000.
     */
    static final int MAX_EXPONENT = 1_000;

    private final ObjectReader reader;

    public JsonBodies() {
        JsonFactory factory = JsonFactory.builder()
                // Jackson's shared table of field names grows superlinearly with names that never repeat: 40,000 of
                // them took 95 ms to parse with it, 4 ms without (jackson-core#613); a caller picks the names
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .build())
                .build();
        ObjectMapper mapper = JsonMapper.builder(factory)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .nodeFactory(new BoundedNumbers())
                .build();
        this.reader = mapper.reader();
    }

    /**
     * @param body the raw request body
     * @return the body as a JSON object
     * @throws GatewayException 400 when the body is missing, malformed, or not an object
     */
    public JsonNode object(Buffer body) {
        if (body.length() == 0) {
            throw GatewayException.notAnObject();
        }
        // first, so that Jackson (which would decode overlong forms, UTF-16 and a BOM) only ever reads UTF-8, and reads
        // the text that check decoded: without the shared name table Jackson would decode the bytes again, more slowly
        CharBuffer text = StrictUtf8.check(body.getBytes());
        JsonNode tree;
        try (JsonParser parser = reader.createParser(text.array(), 0, text.limit())) {
            tree = reader.readTree(parser);
        } catch (JsonProcessingException e) {
            throw GatewayException.malformedJson(describe(e));
        } catch (IOException e) {
            throw GatewayException.malformedJson("The request body could not be read as JSON.");
        } catch (NumberFormatException | ArithmeticException e) {
            throw GatewayException.malformedJson("The request body holds a number out of range.");
        }
        if (tree == null || tree.isMissingNode() || !tree.isObject()) {
            throw GatewayException.malformedJson("The request body must be a JSON object.");
        }
        return tree;
    }

    /**
     * Makes the tree's numbers, refusing exponents beyond {@link #MAX_EXPONENT} as they are read, before anything
     * (a validator, a message) tries to print them.
     */
    private static final class BoundedNumbers extends JsonNodeFactory {

        private static final long serialVersionUID = 1L;

        BoundedNumbers() {
            super(true);
        }

        @Override
        public ValueNode numberNode(BigDecimal value) {
            if (value != null && Math.abs((long) value.precision() - value.scale()) > MAX_EXPONENT) {
                throw new ArithmeticException("exponent out of range");
            }
            return super.numberNode(value);
        }
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "The request body is not valid JSON" + where + ": " + e.getOriginalMessage() + ".";
    }
}
