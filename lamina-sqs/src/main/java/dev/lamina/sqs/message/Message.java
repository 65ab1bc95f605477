package dev.lamina.sqs.message;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A message as it was sent: what never changes while it is in a queue. Its digests are computed once,
 * at the send, and handed out with every receive.
 *
 * @param attributes its message attributes, by name
 * @param systemAttributes its message system attributes ({@code AWSTraceHeader}), by name
 * @param senderId who sent it, as {@code SenderId} reports
 * @param groupId its message group, or {@code null}
 * @param deduplicationId a FIFO queue's deduplication id for it, or {@code null}
 * @param sequenceNumber its place in a FIFO queue, or {@code null}
 */
public record Message(
        String id,
        String body,
        Map<String, MessageAttributeValue> attributes,
        Map<String, MessageAttributeValue> systemAttributes,
        Instant sentAt,
        String senderId,
        String groupId,
        String deduplicationId,
        String sequenceNumber) {

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(body, "body");
        attributes = Map.copyOf(attributes);
        systemAttributes = Map.copyOf(systemAttributes);
    }

    public String md5OfBody() {
        return Md5Digests.ofBody(body);
    }

    /** {@code null} when it has no message attributes. */
    public String md5OfAttributes() {
        return Md5Digests.ofAttributes(attributes);
    }

    /** {@code null} when it has no system attributes. */
    public String md5OfSystemAttributes() {
        return Md5Digests.ofAttributes(systemAttributes);
    }

    /** The message as a work item's payload (a version byte, then each field; see {@link #decode}). */
    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length() + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF(id);
            writeLong(out, body);
            out.writeLong(sentAt.toEpochMilli());
            out.writeUTF(senderId);
            writeAttributes(out, attributes);
            writeAttributes(out, systemAttributes);
            writeOptional(out, groupId);
            writeOptional(out, deduplicationId);
            writeOptional(out, sequenceNumber);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Message decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readByte() != 1) {
                throw new IllegalStateException("a stored message has an unknown format");
            }
            String id = in.readUTF();
            String body = readLong(in);
            Instant sent = Instant.ofEpochMilli(in.readLong());
            String sender = in.readUTF();
            return new Message(
                    id,
                    body,
                    readAttributes(in),
                    readAttributes(in),
                    sent,
                    sender,
                    readOptional(in),
                    readOptional(in),
                    readOptional(in));
        } catch (IOException e) {
            throw new IllegalStateException("a stored message is damaged", e);
        }
    }

    private static void writeOptional(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** Text of any length (writeUTF stops at 64 KiB). */
    private static void writeLong(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readLong(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void writeAttributes(DataOutputStream out, Map<String, MessageAttributeValue> attributes)
            throws IOException {
        out.writeShort(attributes.size());
        for (Map.Entry<String, MessageAttributeValue> e : new TreeMap<>(attributes).entrySet()) {
            MessageAttributeValue v = e.getValue();
            out.writeUTF(e.getKey());
            out.writeUTF(v.dataType());
            out.writeBoolean(v.binary());
            if (v.binary()) {
                out.writeInt(v.binaryValue().length);
                out.write(v.binaryValue());
            } else {
                writeLong(out, v.stringValue());
            }
        }
    }

    private static Map<String, MessageAttributeValue> readAttributes(DataInputStream in) throws IOException {
        int n = in.readShort();
        Map<String, MessageAttributeValue> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            String type = in.readUTF();
            if (in.readBoolean()) {
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                out.put(name, new MessageAttributeValue(type, null, value));
            } else {
                out.put(name, new MessageAttributeValue(type, readLong(in), null));
            }
        }
        return out;
    }
}
