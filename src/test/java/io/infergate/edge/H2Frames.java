package io.infergate.edge;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * HTTP/2 frames built and read by hand (RFC 9113 section 4), for tests that send what no HTTP/2 client sends: a header
 * block cut into CONTINUATION frames a byte each, a body a byte a frame. Header blocks are HPACK-coded by Netty's coder.
 */
final class H2Frames {

    /** The client connection preface (RFC 9113 section 3.4). */
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int GOAWAY = 0x7;
    static final int CONTINUATION = 0x9;
    static final int END_STREAM = 0x1;
    static final int END_HEADERS = 0x4;
    static final int PADDED = 0x8;
    static final int PRIORITY = 0x20;

    /** One frame read back. */
    record Frame(int type, int flags, int stream, byte[] payload) {
    }

    private H2Frames() {
    }

    static byte[] frame(int type, int flags, int stream, byte[] payload) {
        byte[] frame = new byte[9 + payload.length];
        frame[0] = (byte) (payload.length >>> 16);
        frame[1] = (byte) (payload.length >>> 8);
        frame[2] = (byte) payload.length;
        frame[3] = (byte) type;
        frame[4] = (byte) flags;
        frame[5] = (byte) (stream >>> 24 & 0x7f);
        frame[6] = (byte) (stream >>> 16);
        frame[7] = (byte) (stream >>> 8);
        frame[8] = (byte) stream;
        System.arraycopy(payload, 0, frame, 9, payload.length);
        return frame;
    }

    /** @return the preface and an empty SETTINGS frame: what a client sends first */
    static byte[] prefaceAndSettings() {
        return concat(PREFACE, frame(SETTINGS, 0, 0, new byte[0]));
    }

    /**
     * @param pairs names and values, alternating: pseudo-headers first
     * @return the HPACK header block
     */
    static byte[] headerBlock(String... pairs) {
        Http2Headers headers = new DefaultHttp2Headers();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(pairs[i], pairs[i + 1]);
        }
        ByteBuf block = Unpooled.buffer();
        try {
            new DefaultHttp2HeadersEncoder().encodeHeaders(1, headers, block);
            byte[] bytes = new byte[block.readableBytes()];
            block.readBytes(bytes);
            return bytes;
        } catch (Http2Exception e) {
            throw new IllegalStateException(e);
        } finally {
            block.release();
        }
    }

    /** @return the frames in what a server sent, up to the last whole one */
    static List<Frame> parse(byte[] received) {
        List<Frame> frames = new ArrayList<>();
        int at = 0;
        while (at + 9 <= received.length) {
            int length = (received[at] & 0xff) << 16 | (received[at + 1] & 0xff) << 8 | received[at + 2] & 0xff;
            if (at + 9 + length > received.length) {
                break;
            }
            int stream = (received[at + 5] & 0x7f) << 24 | (received[at + 6] & 0xff) << 16 | (received[at + 7] & 0xff) << 8
                    | received[at + 8] & 0xff;
            frames.add(new Frame(received[at + 3] & 0xff, received[at + 4] & 0xff, stream,
                    Arrays.copyOfRange(received, at + 9, at + 9 + length)));
            at += 9 + length;
        }
        return frames;
    }

    /**
     * @return the {@code :status} of a response header block sent whole in one HEADERS frame (the connection's first,
     *         which refers to no earlier block)
     */
    static String status(Frame headers) {
        byte[] payload = headers.payload();
        int from = (headers.flags() & PADDED) == 0 ? 0 : 1;
        int to = payload.length - (from == 0 ? 0 : payload[0] & 0xff);
        if ((headers.flags() & PRIORITY) != 0) {
            from += 5;
        }
        ByteBuf block = Unpooled.wrappedBuffer(payload, from, to - from);
        try {
            return new DefaultHttp2HeadersDecoder().decodeHeaders(headers.stream(), block).status().toString();
        } catch (Http2Exception e) {
            throw new IllegalStateException(e);
        } finally {
            block.release();
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
