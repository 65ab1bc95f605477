package dev.lamina.storage.queue;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A work item's attributes as one column: a count, then each key and value as a length and its UTF-8
 * bytes, lengths as 4-byte big-endian ints. An empty map is stored as {@code NULL}. Written into one
 * array of the exact size: this runs on every Event invoke's path, and the stream classes' locking
 * showed in its latency.
 */
final class Attributes {
    private Attributes() {}

    static byte[] encode(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return null;
        }
        byte[][] parts = new byte[attributes.size() * 2][];
        int size = Integer.BYTES;
        int i = 0;
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            parts[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            parts[i + 1] = e.getValue().getBytes(StandardCharsets.UTF_8);
            size += 2 * Integer.BYTES + parts[i].length + parts[i + 1].length;
            i += 2;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(attributes.size());
        for (byte[] part : parts) {
            out.putInt(part.length).put(part);
        }
        return out.array();
    }

    static Map<String, String> decode(byte[] encoded) {
        if (encoded == null) {
            return Map.of();
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(encoded);
            int n = in.getInt();
            Map<String, String> attributes = HashMap.newHashMap(n);
            for (int i = 0; i < n; i++) {
                attributes.put(read(in), read(in));
            }
            return Map.copyOf(attributes);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IllegalStateException("a work item's attributes are damaged", e);
        }
    }

    private static String read(ByteBuffer in) {
        byte[] utf8 = new byte[in.getInt()];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
