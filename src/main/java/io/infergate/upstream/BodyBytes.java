package io.infergate.upstream;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

/**
 * The bytes of an answer's body as an array range, for readers that take one (Jackson's parsers,
 * {@link JsonObjectCheck}). The gateway's answers are heap buffers, so the range is the buffer's own array, read in
 * place; any other buffer is copied once.
 *
 * @param array the bytes
 * @param from the first byte's index
 * @param length how many bytes
 */
public record BodyBytes(byte[] array, int from, int length) {

    public static BodyBytes of(Buffer body) {
        ByteBuf bytes = body.getByteBuf();
        if (bytes.hasArray()) {
            return new BodyBytes(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
        }
        byte[] copy = body.getBytes();
        return new BodyBytes(copy, 0, copy.length);
    }
}
