package dev.lamina.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A streamed body on Netty's embedded channel (no socket): its memory bound, 100 Continue, and ends. */
class RequestBodyTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();

    private static io.netty.buffer.ByteBuf bytes(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return Unpooled.wrappedBuffer(b);
    }

    @Test
    void pastTheHighWaterMarkTheSocketIsNotReadUntilTheReaderDrainsIt() throws IOException {
        RequestBody body = new RequestBody(channel, false);
        body.offer(bytes(RequestBody.HIGH_WATER, 1));
        assertTrue(channel.config().isAutoRead(), "at the mark, still reading");
        body.offer(bytes(1, 2));
        assertFalse(channel.config().isAutoRead(), "past it, reading stops");

        byte[] into = new byte[RequestBody.HIGH_WATER - RequestBody.LOW_WATER + 2];
        assertEquals(into.length, body.readNBytes(into, 0, into.length));
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead(), "drained below the low mark, reading resumes");
    }

    @Test
    void theClientIsAskedForItsBodyAtTheFirstReadOnly() throws IOException {
        RequestBody body = new RequestBody(channel, true);
        assertTrue(body.continueOwed());
        assertNull(channel.readOutbound(), "nothing is sent before the route reads");
        body.offer(bytes(3, 7));
        body.end();
        assertArrayEquals(new byte[] {7, 7, 7}, body.readAllBytes());
        FullHttpResponse continued = channel.readOutbound();
        assertEquals(100, continued.status().code());
        assertFalse(body.continueOwed());
        assertNull(channel.readOutbound(), "one 100 Continue");
    }

    @Test
    void aClosedConnectionFailsTheReadAndDiscardingDropsWhatComes() throws IOException {
        RequestBody cut = new RequestBody(channel, false);
        cut.offer(bytes(2, 1));
        cut.fail(new IOException("gone"));
        assertEquals(2, cut.readNBytes(2).length);
        assertThrows(IOException.class, cut::read);

        RequestBody dropped = new RequestBody(channel, false);
        dropped.offer(bytes(RequestBody.HIGH_WATER + 1, 1));
        assertFalse(channel.config().isAutoRead());
        dropped.discardRest();
        assertTrue(channel.config().isAutoRead());
        dropped.offer(bytes(10, 1));
        dropped.end();
        assertEquals(-1, dropped.read());
    }
}
