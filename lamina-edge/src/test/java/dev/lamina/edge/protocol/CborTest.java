package dev.lamina.edge.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lamina.core.AwsException;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CborTest {
    private static final String ID = "0f6e1a7b-3c2d-4e5f-8a9b-0c1d2e3f4a5b";

    /** CBOR written by hand (RFC 8949), to check Jackson's bytes against. */
    private static final class Cbor8949 {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Cbor8949 map(int entries) {
            return head(5, entries);
        }

        Cbor8949 text(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            head(3, utf8.length);
            out.writeBytes(utf8);
            return this;
        }

        Cbor8949 bytes(byte[] bytes) {
            head(2, bytes.length);
            out.writeBytes(bytes);
            return this;
        }

        private Cbor8949 head(int major, int length) {
            if (length < 24) {
                out.write(major << 5 | length);
            } else {
                out.write(major << 5 | 24);
                out.write(length);
            }
            return this;
        }

        byte[] done() {
            return out.toByteArray();
        }
    }

    @Test
    void anErrorIsAMapOfTypeAndMessage() {
        WireResponse response = Cbor.INSTANCE.error(
                new AwsException(400, "ResourceNotFoundException", "Stream s under account 0 not found."), ID);
        assertEquals(400, response.status());
        assertEquals(
                Map.of(
                        "Content-Type", "application/x-amz-cbor-1.1",
                        "x-amzn-ErrorType", "ResourceNotFoundException",
                        "x-amzn-RequestId", ID),
                response.headers());
        byte[] expected = new Cbor8949()
                .map(2)
                .text("__type")
                .text("ResourceNotFoundException")
                .text("message")
                .text("Stream s under account 0 not found.")
                .done();
        assertArrayEquals(expected, response.body());
    }

    @Test
    void readsBlobsAsByteStringsAndWritesDocumentsAsMaps() throws Exception {
        byte[] request = new Cbor8949()
                .map(2)
                .text("StreamName")
                .text("s")
                .text("Data")
                .bytes(new byte[] {1, 2, 3})
                .done();
        JsonNode input = Cbor.INSTANCE.read(request);
        assertEquals("s", input.get("StreamName").asText());
        assertArrayEquals(new byte[] {1, 2, 3}, input.get("Data").binaryValue());
        WireResponse written =
                Cbor.INSTANCE.write(JsonNodeFactory.instance.objectNode().put("ShardId", "shardId-0"));
        assertEquals(Map.of("Content-Type", "application/x-amz-cbor-1.1"), written.headers());
        assertArrayEquals(
                new Cbor8949().map(1).text("ShardId").text("shardId-0").done(), written.body());
    }

    /** 1733580000195 ms after the epoch: tag 1, then an 8-byte unsigned integer, as the Java SDK writes it. */
    private static final byte[] TAGGED_MILLIS = {
        (byte) 0xC1, 0x1B, 0, 0, 1, (byte) 0x93, (byte) 0xA1, 0x6B, (byte) 0x8B, (byte) 0xC3
    };

    private static final Instant AT = Instant.ofEpochMilli(1_733_580_000_195L);

    @Test
    void aTaggedTimestampReadsAsEpochSecondsAsInJson() {
        byte[] request = new Cbor8949().map(1).text("Timestamp").done();
        byte[] body = Arrays.copyOf(request, request.length + TAGGED_MILLIS.length);
        System.arraycopy(TAGGED_MILLIS, 0, body, request.length, TAGGED_MILLIS.length);
        JsonNode input = Cbor.INSTANCE.read(body);
        assertEquals(new BigDecimal("1733580000.195"), input.get("Timestamp").decimalValue());
        assertEquals(AT, EpochTimestamp.read(input.get("Timestamp"), "Timestamp"));
        assertEquals(
                AT,
                EpochTimestamp.read(
                        AwsJson.V1_1
                                .read("{\"T\":1733580000.195}".getBytes(StandardCharsets.UTF_8))
                                .get("T"),
                        "T"));
    }

    @Test
    void aTimestampIsWrittenAsTaggedMillisInCborAndSecondsInJson() {
        var document = JsonNodeFactory.instance.objectNode().set("T", EpochTimestamp.of(AT));
        byte[] head = new Cbor8949().map(1).text("T").done();
        byte[] expected = Arrays.copyOf(head, head.length + TAGGED_MILLIS.length);
        System.arraycopy(TAGGED_MILLIS, 0, expected, head.length, TAGGED_MILLIS.length);
        assertArrayEquals(expected, Cbor.INSTANCE.write(document).body());
        assertEquals(
                "{\"T\":1733580000.195}",
                new String(AwsJson.V1_1.write(document).body(), StandardCharsets.UTF_8));
    }

    @Test
    void blobsAndTimestampsSurviveARoundTrip() throws Exception {
        var document = JsonNodeFactory.instance
                .objectNode()
                .put("Data", new byte[] {0, (byte) 0xFF, 7})
                .put("Count", 3)
                .set("At", EpochTimestamp.of(AT));
        ((com.fasterxml.jackson.databind.node.ObjectNode) document)
                .putArray("Keys")
                .add("a")
                .add(2L << 40);
        JsonNode back = Cbor.INSTANCE.read(Cbor.INSTANCE.write(document).body());
        assertArrayEquals(new byte[] {0, (byte) 0xFF, 7}, back.get("Data").binaryValue());
        assertEquals(3, back.get("Count").intValue());
        assertEquals(AT, EpochTimestamp.read(back.get("At"), "At"));
        assertEquals(2L << 40, back.get("Keys").get(1).longValue());
        assertEquals("a", back.get("Keys").get(0).asText());
    }

    @Test
    void aTimestampThatIsNeitherNumberNorDateIsASerializationException() {
        AwsException e = assertThrows(
                AwsException.class, () -> EpochTimestamp.read(JsonNodeFactory.instance.textNode("soon"), "Timestamp"));
        assertEquals("SerializationException", e.code());
        assertEquals(
                Instant.parse("2024-12-07T14:00:00Z"),
                EpochTimestamp.read(JsonNodeFactory.instance.textNode("2024-12-07T14:00:00Z"), "T"));
    }

    @Test
    void aBodyThatIsNotCborIsASerializationException() {
        AwsException e = assertThrows(AwsException.class, () -> Cbor.INSTANCE.read(new byte[] {(byte) 0xA2, 0x61}));
        assertEquals("SerializationException", e.code());
    }
}
