package dev.lamina.dynamodb.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a reader of one shard stands, handed out as an opaque text good for {@link #VALIDITY}: the
 * stream's ARN (which names its creation time, so a new stream of the same table does not take an old
 * iterator), the shard, the sequence number after which the next read starts (0: from the first), and
 * when it was issued. Base64 of a version byte and those fields; not signed, as it grants nothing a
 * signed GetShardIterator would not. Pure.
 */
public record StreamIterator(String stream, String shard, long after, Instant issued) {
    /** How long an iterator may be used, as DynamoDB Streams documents. */
    public static final Duration VALIDITY = Duration.ofMinutes(15);

    private static final byte VERSION = 1;

    public String encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(stream);
            out.writeUTF(shard);
            out.writeLong(after);
            out.writeLong(issued.toEpochMilli());
        } catch (IOException e) {
            throw new IllegalStateException("a byte array does not fail", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** The iterator {@code text} encodes; DynamoDB Streams' ValidationException when it is not one. */
    public static StreamIterator decode(String text) {
        try (DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
            if (in.readByte() != VERSION) {
                throw StreamErrors.invalidIterator();
            }
            String stream = in.readUTF();
            String shard = in.readUTF();
            long after = in.readLong();
            Instant issued = Instant.ofEpochMilli(in.readLong());
            if (in.read() != -1 || after < 0) {
                throw StreamErrors.invalidIterator();
            }
            return new StreamIterator(stream, shard, after, issued);
        } catch (IOException | IllegalArgumentException e) {
            throw StreamErrors.invalidIterator();
        }
    }

    /** Whether this iterator may no longer be used at {@code now}. */
    public boolean expiredAt(Instant now) {
        return issued.plus(VALIDITY).isBefore(now);
    }

    /** The iterator that continues after {@code sequence}, issued at {@code now}. */
    public StreamIterator after(long sequence, Instant now) {
        return new StreamIterator(stream, shard, sequence, now);
    }
}
