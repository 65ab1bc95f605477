package dev.lamina.edge.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import dev.lamina.core.AwsException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * A timestamp member of a document, which the JSON protocols and AWS's CBOR write differently: JSON
 * 1.0 and 1.1 as epoch seconds with a fraction ({@code 1733580000.123}, what botocore and the SDKs
 * read), CBOR as tag 1 over epoch <em>milliseconds</em> ({@code c1 1b 00000193a16b8bc3}), which is what
 * the AWS SDK for Java writes and reads (its CBOR timestamps are {@code UNIX_TIMESTAMP_MILLIS}), not
 * RFC 8949's seconds. An API puts {@link #of} into its answer and reads a request's member with
 * {@link #read}; {@link Cbor} turns a tagged request timestamp into seconds, so both read alike.
 */
public final class EpochTimestamp extends JsonSerializable.Base {
    private final Instant instant;

    private EpochTimestamp(Instant instant) {
        this.instant = instant;
    }

    /** {@code instant} as a document member, rendered as each protocol renders a timestamp. */
    public static JsonNode of(Instant instant) {
        return JsonNodeFactory.instance.pojoNode(new EpochTimestamp(instant));
    }

    /**
     * A request's timestamp member: epoch seconds (a number, with or without a fraction, or such a
     * number as text) or ISO-8601 text. Throws a 400 {@code SerializationException} naming
     * {@code member} for anything else.
     */
    public static Instant read(JsonNode value, String member) {
        try {
            if (value.isNumber()) {
                return seconds(value.decimalValue());
            }
            if (value.isTextual()) {
                String text = value.asText();
                return text.matches("-?\\d+(\\.\\d+)?") ? seconds(new BigDecimal(text)) : Instant.parse(text);
            }
        } catch (DateTimeException | ArithmeticException e) {
            // falls through to the error below
        }
        throw new AwsException(400, "SerializationException", "Could not read " + member + " as a timestamp");
    }

    private static Instant seconds(BigDecimal seconds) {
        BigDecimal whole = new BigDecimal(seconds.toBigInteger());
        return Instant.ofEpochSecond(
                whole.longValueExact(),
                seconds.subtract(whole).movePointRight(9).longValue());
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        if (gen instanceof CBORGenerator cbor) {
            cbor.writeTag(1);
            cbor.writeNumber(instant.toEpochMilli());
        } else {
            gen.writeNumber(BigDecimal.valueOf(instant.toEpochMilli(), 3));
        }
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        serialize(gen, serializers);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EpochTimestamp t && t.instant.equals(instant);
    }

    @Override
    public int hashCode() {
        return instant.hashCode();
    }

    @Override
    public String toString() {
        return instant.toString();
    }
}
