package dev.lamina.cloudwatch.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A timestamp in a CloudWatch answer, written as each of its protocols writes one: JSON 1.0 as epoch
 * seconds with a fraction, Smithy RPC v2 CBOR as tag 1 over epoch seconds as a float (what the AWS
 * SDK for Java's RPC v2 codec writes and reads, unlike AWS's older CBOR, whose tag holds
 * milliseconds), and the query protocol's XML as ISO-8601 ({@link QueryAnswer} reads {@link #instant}).
 */
record Timestamp(Instant instant) implements JsonSerializable {
    static JsonNode of(Instant instant) {
        return JsonNodeFactory.instance.pojoNode(new Timestamp(instant));
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        if (gen instanceof CBORGenerator cbor) {
            cbor.writeTag(1);
            cbor.writeNumber(instant.toEpochMilli() / 1000.0);
        } else {
            gen.writeNumber(BigDecimal.valueOf(instant.toEpochMilli(), 3));
        }
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        serialize(gen, serializers);
    }
}
