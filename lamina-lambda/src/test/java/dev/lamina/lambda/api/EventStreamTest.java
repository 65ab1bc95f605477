package dev.lamina.lambda.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/** Lamina's event-stream frames, read back by the AWS SDK's own decoder (which checks both CRCs). */
class EventStreamTest {

    @Test
    void framesDecodeWithTheSdksDecoder() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = "xxhello, streamxx".getBytes(StandardCharsets.UTF_8);
        EventStream.payloadChunk(out, chunk, 2, chunk.length - 4);
        EventStream.payloadChunk(out, new byte[0], 0, 0);
        EventStream.invokeComplete(out, "{\"ErrorCode\":\"Error\"}".getBytes(StandardCharsets.UTF_8));

        List<Message> messages = new ArrayList<>();
        MessageDecoder decoder = new MessageDecoder(messages::add);
        byte[] all = out.toByteArray();
        // fed in small pieces, as a network would deliver them
        for (int i = 0; i < all.length; i += 7) {
            decoder.feed(all, i, Math.min(7, all.length - i));
        }
        assertEquals(3, messages.size());
        Message first = messages.getFirst();
        assertEquals("event", first.getHeaders().get(":message-type").getString());
        assertEquals("PayloadChunk", first.getHeaders().get(":event-type").getString());
        assertEquals(
                "application/octet-stream",
                first.getHeaders().get(":content-type").getString());
        assertEquals("hello, stream", new String(first.getPayload(), StandardCharsets.UTF_8));
        assertEquals(0, messages.get(1).getPayload().length);
        Message last = messages.getLast();
        assertEquals("InvokeComplete", last.getHeaders().get(":event-type").getString());
        assertEquals("application/json", last.getHeaders().get(":content-type").getString());
        assertEquals("{\"ErrorCode\":\"Error\"}", new String(last.getPayload(), StandardCharsets.UTF_8));
    }
}
