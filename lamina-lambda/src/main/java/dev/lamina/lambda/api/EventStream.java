package dev.lamina.lambda.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * AWS's event-stream framing (application/vnd.amazon.eventstream), as InvokeWithResponseStream
 * answers: each message is a 12-byte prelude (total length, headers length, CRC32 of those 8
 * bytes), the headers, the payload, and a CRC32 of everything before it; all big-endian. Headers
 * here are strings only (type 7: one byte of name length, the name, the type, two bytes of value
 * length, the value). The two kinds of message Lamina sends have fixed headers, encoded once.
 */
final class EventStream {
    static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";
    private static final byte[] PAYLOAD_CHUNK = headers("PayloadChunk", "application/octet-stream");
    private static final byte[] INVOKE_COMPLETE = headers("InvokeComplete", "application/json");
    private static final byte STRING = 7;

    private EventStream() {}

    /** One {@code PayloadChunk} event carrying {@code length} bytes of the function's response. */
    static void payloadChunk(OutputStream out, byte[] bytes, int offset, int length) throws IOException {
        message(out, PAYLOAD_CHUNK, bytes, offset, length);
    }

    /** The {@code InvokeComplete} event that ends the stream; {@code json} is its payload. */
    static void invokeComplete(OutputStream out, byte[] json) throws IOException {
        message(out, INVOKE_COMPLETE, json, 0, json.length);
    }

    private static void message(OutputStream out, byte[] headers, byte[] payload, int offset, int length)
            throws IOException {
        byte[] prelude = new byte[12];
        putInt(prelude, 0, 12 + headers.length + length + 4);
        putInt(prelude, 4, headers.length);
        CRC32 crc = new CRC32();
        crc.update(prelude, 0, 8);
        putInt(prelude, 8, (int) crc.getValue());
        crc.update(prelude, 8, 4);
        crc.update(headers);
        crc.update(payload, offset, length);
        byte[] trailer = new byte[4];
        putInt(trailer, 0, (int) crc.getValue());
        out.write(prelude);
        out.write(headers);
        out.write(payload, offset, length);
        out.write(trailer);
    }

    private static byte[] headers(String eventType, String contentType) {
        byte[][] parts = {
            header(":event-type", eventType), header(":content-type", contentType), header(":message-type", "event")
        };
        int size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static byte[] header(String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + n.length + 1 + 2 + v.length];
        out[0] = (byte) n.length;
        System.arraycopy(n, 0, out, 1, n.length);
        out[1 + n.length] = STRING;
        out[2 + n.length] = (byte) (v.length >>> 8);
        out[3 + n.length] = (byte) v.length;
        System.arraycopy(v, 0, out, 4 + n.length, v.length);
        return out;
    }

    private static void putInt(byte[] into, int at, int value) {
        into[at] = (byte) (value >>> 24);
        into[at + 1] = (byte) (value >>> 16);
        into[at + 2] = (byte) (value >>> 8);
        into[at + 3] = (byte) value;
    }
}
