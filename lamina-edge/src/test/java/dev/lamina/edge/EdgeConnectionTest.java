package dev.lamina.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import dev.lamina.edge.protocol.RestJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One connection on Netty's embedded channel (no socket): what follows an answer to a streamed request. */
class EdgeConnectionTest {
    private final Router router = new Router().addStreaming("PUT", "/{Bucket}/{Key}", (r, p) -> {
        throw new AwsException(403, "AccessDenied", "Access Denied"); // answered without reading the body
    });
    private final Dispatcher dispatcher = new Dispatcher(
            new ServiceTable(List.of(new EdgeService.RestApi("s", "s", RestJson.PLAIN, router, true))),
            Authenticator.NONE,
            Runnable::run,
            new RequestIds(new Random(1)));

    /** What finds the service: its credential scope (nothing checks the signature here). */
    private static final String SIGNED =
            "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s/aws4_request, Signature=0\r\n";

    private EmbeddedChannel connection() {
        EmbeddedChannel channel = new EmbeddedChannel();
        EdgeConnection.install(
                channel.pipeline(),
                dispatcher,
                new ResponseEncoder(InstantSource.fixed(Instant.EPOCH), new RequestIds(new Random(2))));
        return channel;
    }

    private static String written(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        for (Object message; (message = channel.readOutbound()) != null; ) {
            ByteBuf bytes = (ByteBuf) message;
            out.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.release();
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    @Test
    void anAnswerBeforeTheClientWasAskedForItsBodyClosesTheConnection() {
        EmbeddedChannel channel = connection();
        channel.writeInbound(Unpooled.copiedBuffer(
                "PUT /b/k HTTP/1.1\r\nHost: x\r\n" + SIGNED + "Content-Length: 1\r\nExpect: 100-continue\r\n\r\n",
                StandardCharsets.US_ASCII));
        channel.runPendingTasks();
        String answer = written(channel);
        assertTrue(answer.startsWith("http/1.1 403"), answer);
        assertFalse(answer.contains("100 continue"), answer);
        assertTrue(answer.contains("connection: close"), answer);
        assertFalse(channel.isOpen(), "the client will never send the body, and the next request is not it");
    }

    @Test
    void anAnswerBeforeABodyTheClientSendsAnywayKeepsTheConnectionAndDropsTheBody() {
        EmbeddedChannel channel = connection();
        channel.writeInbound(Unpooled.copiedBuffer(
                "PUT /b/k HTTP/1.1\r\nHost: x\r\n" + SIGNED + "Content-Length: 1\r\n\r\n", StandardCharsets.US_ASCII));
        channel.runPendingTasks();
        String answer = written(channel);
        assertTrue(answer.startsWith("http/1.1 403"), answer);
        assertFalse(answer.contains("connection: close"), answer);
        assertTrue(channel.isOpen());
        channel.finishAndReleaseAll();
    }
}
