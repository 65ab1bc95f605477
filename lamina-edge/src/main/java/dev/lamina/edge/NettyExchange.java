package dev.lamina.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;
import java.util.Map;

/**
 * One request's answer on its connection: written once, whole or in chunks, from any thread, with the
 * request's HTTP version and keep-alive; once it is written, the connection serves its next request
 * (or closes).
 */
final class NettyExchange implements Exchange {
    private final ChannelHandlerContext ctx;
    private final EdgeConnection connection;
    private final ResponseEncoder encoder;
    private final boolean head;
    private final boolean keepAlive;
    private final HttpVersion version;
    private final RequestBody body;
    /** Whether the connection closes after this answer; decided when the answer starts. */
    private volatile boolean closing;

    /**
     * @param head the request was a HEAD: the answer has status and headers but no body
     * @param keepAlive the connection stays open after this answer
     */
    NettyExchange(
            ChannelHandlerContext ctx,
            EdgeConnection connection,
            ResponseEncoder encoder,
            boolean head,
            boolean keepAlive,
            HttpVersion version) {
        this(ctx, connection, encoder, head, keepAlive, version, null);
    }

    /**
     * @param body the streamed body of the request, or {@code null}: when the answer starts before the
     *     client was asked for it ({@code Expect: 100-continue}), the client will never send it, so the
     *     connection closes after the answer rather than wait for a body that does not come
     */
    NettyExchange(
            ChannelHandlerContext ctx,
            EdgeConnection connection,
            ResponseEncoder encoder,
            boolean head,
            boolean keepAlive,
            HttpVersion version,
            RequestBody body) {
        this.body = body;
        this.ctx = ctx;
        this.connection = connection;
        this.encoder = encoder;
        this.head = head;
        this.keepAlive = keepAlive;
        this.version = version;
    }

    @Override
    public void send(HttpResponse response) {
        DefaultFullHttpResponse full = encoder.full(response, head);
        full.setProtocolVersion(version);
        keepAliveHeader(full.headers());
        ctx.writeAndFlush(full, whenWritten());
    }

    /**
     * A promise whose listener is in place before the write is handed to the loop: added to a future
     * already done, from off the loop, it would cost the loop a second task and wake-up per answer.
     */
    private ChannelPromise whenWritten() {
        return ctx.newPromise().addListener(f -> done(f.isSuccess()));
    }

    @Override
    public Output stream() {
        return new ChunkedOutput(this, head);
    }

    /** The status line and headers of a streamed answer; its body follows in chunks, or none. */
    ChannelFuture open(int status, Map<String, String> headers, List<String> setCookies, boolean noBody) {
        DefaultHttpResponse response = encoder.start(version, status, headers, setCookies);
        boolean knownLength = headers.containsKey(ResponseEncoder.CONTENT_LENGTH);
        if (noBody) {
            if (status != 204 && status != 304 && !(head && knownLength)) {
                HttpUtil.setContentLength(response, 0);
            }
        } else if (!knownLength) {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        keepAliveHeader(response.headers());
        return ctx.writeAndFlush(response);
    }

    ChannelFuture write(ByteBuf chunk) {
        return ctx.writeAndFlush(new DefaultHttpContent(chunk));
    }

    void end() {
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, whenWritten());
    }

    private void keepAliveHeader(HttpHeaders headers) {
        closing = !keepAlive || (body != null && !body.ended() && body.continueOwed());
        if (closing) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version.equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** Runs on the loop once the answer is written (or could not be). */
    private void done(boolean written) {
        if (!written || closing) {
            ctx.close();
            return;
        }
        connection.answered(ctx);
    }
}
