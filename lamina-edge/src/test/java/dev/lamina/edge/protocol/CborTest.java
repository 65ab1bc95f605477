package dev.lamina.edge.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lamina.core.AwsException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

    @Test
    void aBodyThatIsNotCborIsASerializationException() {
        AwsException e = assertThrows(AwsException.class, () -> Cbor.INSTANCE.read(new byte[] {(byte) 0xA2, 0x61}));
        assertEquals("SerializationException", e.code());
    }
}
