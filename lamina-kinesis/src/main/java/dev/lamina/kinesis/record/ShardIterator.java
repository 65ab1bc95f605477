package dev.lamina.kinesis.record;

import dev.lamina.core.AwsException;
import dev.lamina.kinesis.stream.KinesisErrors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a reader of one shard stands, handed out as an opaque text and good for {@link #VALIDITY}:
 * the stream (by name and creation time, so that a stream deleted and made again under the same name
 * does not take an old iterator), the shard, the position, and when the iterator was issued.
 *
 * <p>Encoded as base64 of a version byte, the stream's name (modified UTF-8), its creation millis,
 * the shard's index, the position's kind and value, and the issue millis. It carries no secret: it
 * grants nothing that a signed GetShardIterator would not, so it is not signed.
 */
public record ShardIterator(String stream, Instant streamCreated, int shard, Position position, Instant issued) {
    /** How long an iterator may be used, as on AWS. */
    public static final Duration VALIDITY = Duration.ofMinutes(5);

    private static final byte VERSION = 1;

    /** Where in the shard the next read starts. */
    public sealed interface Position {
        /** After the record at {@code position} (0: from the first). */
        record After(long position) implements Position {}

        /** At the first record that arrived at or after {@code at}. */
        record AtTimestamp(Instant at) implements Position {}
    }

    public String encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(stream);
            out.writeLong(streamCreated.toEpochMilli());
            out.writeInt(shard);
            switch (position) {
                case Position.After after -> {
                    out.writeByte(0);
                    out.writeLong(after.position());
                }
                case Position.AtTimestamp at -> {
                    out.writeByte(1);
                    out.writeLong(at.at().toEpochMilli());
                }
            }
            out.writeLong(issued.toEpochMilli());
        } catch (IOException e) {
            throw new IllegalStateException("a byte array does not fail", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** The iterator {@code text} encodes; an InvalidArgumentException when it is not one. */
    public static ShardIterator decode(String text) {
        try (DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
            if (in.readByte() != VERSION) {
                throw invalid();
            }
            String stream = in.readUTF();
            Instant created = Instant.ofEpochMilli(in.readLong());
            int shard = in.readInt();
            Position position = switch (in.readByte()) {
                case 0 -> new Position.After(in.readLong());
                case 1 -> new Position.AtTimestamp(Instant.ofEpochMilli(in.readLong()));
                default -> throw invalid();
            };
            Instant issued = Instant.ofEpochMilli(in.readLong());
            if (in.read() != -1 || shard < 0) {
                throw invalid();
            }
            return new ShardIterator(stream, created, shard, position, issued);
        } catch (IOException | IllegalArgumentException e) {
            throw invalid();
        }
    }

    /** Whether this iterator may no longer be used at {@code now}. */
    public boolean expiredAt(Instant now) {
        return issued.plus(VALIDITY).isBefore(now);
    }

    /** An iterator for the same shard at {@code next}, issued at {@code now}. */
    public ShardIterator at(Position next, Instant now) {
        return new ShardIterator(stream, streamCreated, shard, next, now);
    }

    private static AwsException invalid() {
        return KinesisErrors.invalidArgument("Invalid ShardIterator.");
    }
}
