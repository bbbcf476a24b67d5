package io.infergate.contract;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import io.infergate.error.GatewayException;
import io.vertx.core.buffer.Buffer;

/**
 * Reads a JSON request body into a {@link JsonBody}, keeping the exact bytes next to the tree. Being a
 * {@link ServerMessageBodyReader} tells the REST layer it may buffer the (size-limited) body on the event loop and call
 * this reader there, instead of moving the request to a worker thread.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class JsonBodyReader implements ServerMessageBodyReader<JsonBody> {

    private final JsonBodies bodies;
    private final int maxBodySize;

    JsonBodyReader(JsonBodies bodies, ContractConfig config) {
        this.bodies = bodies;
        this.maxBodySize = Math.toIntExact(config.maxBodySize().asLongValue());
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo lazyMethod,
            MediaType mediaType) {
        return type == JsonBody.class;
    }

    @Override
    public JsonBody readFrom(Class<JsonBody> type, Type genericType, MediaType mediaType, ServerRequestContext context) {
        return read(context.getInputStream());
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == JsonBody.class;
    }

    @Override
    public JsonBody readFrom(Class<JsonBody> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) {
        return read(entityStream);
    }

    /**
     * Reads at most one byte past the limit: a body sent without {@code Content-Length} is measured here, as it is read.
     */
    private JsonBody read(InputStream entityStream) {
        byte[] bytes;
        try {
            bytes = entityStream.readNBytes(maxBodySize + 1);
        } catch (IOException e) {
            throw GatewayException.malformedJson("The request body could not be read completely.");
        }
        if (bytes.length > maxBodySize) {
            throw GatewayException.payloadTooLarge(maxBodySize);
        }
        Buffer raw = Buffer.buffer(bytes);
        return new JsonBody(raw, bodies.object(raw));
    }
}
