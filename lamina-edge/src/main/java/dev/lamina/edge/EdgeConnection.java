package dev.lamina.edge;

import dev.lamina.core.AwsException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection, on its event loop: requests are read whole (up to
 * {@link EdgeServer#MAX_BODY_BYTES}) and served one at a time, in order; one that arrives while
 * another is being answered waits (and reading pauses) until that answer is written. A keep-alive
 * connection with nothing in progress closes after {@link #IDLE_SECONDS} without traffic.
 */
final class EdgeConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(EdgeConnection.class.getName());

    /** Request line and header limits: long query strings and cookies fit, as they did before. */
    private static final int MAX_LINE_BYTES = 64 * 1024;

    private static final int MAX_HEADER_BYTES = 384 * 1024;

    /** A keep-alive connection with no request in progress is closed after this long without traffic. */
    static final int IDLE_SECONDS = 60;

    private final Dispatcher dispatcher;
    private final ResponseEncoder encoder;
    private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>(1);
    private boolean busy;

    private EdgeConnection(Dispatcher dispatcher, ResponseEncoder encoder) {
        this.dispatcher = dispatcher;
        this.encoder = encoder;
    }

    /** Sets up a new connection's pipeline: HTTP/1.1, whole requests, the idle timer, then this handler. */
    static void install(ChannelPipeline pipeline, Dispatcher dispatcher, ResponseEncoder encoder) {
        pipeline.addLast(new HttpServerCodec(MAX_LINE_BYTES, MAX_HEADER_BYTES, 8192))
                .addLast(new Aggregator(dispatcher, encoder))
                .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                .addLast(new EdgeConnection(dispatcher, encoder));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (busy) {
            queued.add(request);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        serve(ctx, request);
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest raw) {
        busy = true;
        boolean malformed = !raw.decoderResult().isSuccess();
        // after a malformed request the decoder reads nothing more from the connection: it closes
        NettyExchange exchange = new NettyExchange(
                ctx,
                this,
                encoder,
                raw.method().equals(HttpMethod.HEAD),
                HttpUtil.isKeepAlive(raw) && !malformed,
                raw.protocolVersion());
        HttpRequest request;
        try {
            if (malformed) {
                exchange.send(
                        refusal(raw, ctx, new AwsException(400, "BadRequestException", "Malformed HTTP request")));
                return;
            }
            request = RequestReader.read(raw, ctx.channel().remoteAddress());
        } catch (IllegalArgumentException e) {
            exchange.send(refusal(raw, ctx, new AwsException(400, "BadRequestException", "Malformed query string")));
            return;
        } finally {
            raw.release();
        }
        dispatcher.dispatch(request, exchange);
    }

    private HttpResponse refusal(
            io.netty.handler.codec.http.HttpRequest raw, ChannelHandlerContext ctx, AwsException error) {
        return dispatcher.refusal(RequestReader.head(raw, ctx.channel().remoteAddress()), error);
    }

    /** The answer is written: the next request, if one came meanwhile. Runs on the loop. */
    void answered(ChannelHandlerContext ctx) {
        busy = false;
        FullHttpRequest next = queued.poll();
        if (next != null) {
            serve(ctx, next);
        } else {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && !busy) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        queued.forEach(FullHttpRequest::release);
        queued.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.FINE, "edge connection failed", cause);
        ctx.close();
    }

    /**
     * Whole requests up to {@link EdgeServer#MAX_BODY_BYTES}. A bigger one gets AWS's 413 at once; the
     * rest of its body is read and dropped, so that the client, still sending, sees the answer rather
     * than a broken connection, and a keep-alive connection stays usable.
     */
    private static final class Aggregator extends HttpObjectAggregator {
        private final Dispatcher dispatcher;
        private final ResponseEncoder encoder;

        Aggregator(Dispatcher dispatcher, ResponseEncoder encoder) {
            super(EdgeServer.MAX_BODY_BYTES);
            this.dispatcher = dispatcher;
            this.encoder = encoder;
        }

        @Override
        protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
            Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
            if (answer instanceof FullHttpResponse bare && bare.status().code() == 413) {
                // announced too large before it was sent: AWS's error body rather than an empty one
                DefaultFullHttpResponse aws = tooLarge(start, pipeline.channel().remoteAddress());
                String connection = bare.headers().get(HttpHeaderNames.CONNECTION);
                if (connection != null) {
                    aws.headers().set(HttpHeaderNames.CONNECTION, connection);
                }
                bare.release();
                return aws;
            }
            return answer;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            DefaultFullHttpResponse response = tooLarge(oversized, ctx.channel().remoteAddress());
            if (HttpUtil.isKeepAlive(oversized)) {
                ctx.writeAndFlush(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(f -> ctx.close());
            }
        }

        /** AWS's 413, in the protocol of the service the request was for. */
        private DefaultFullHttpResponse tooLarge(HttpMessage start, SocketAddress remote) {
            AwsException error = new AwsException(
                    413,
                    "RequestTooLargeException",
                    "Request must be smaller than " + EdgeServer.MAX_BODY_BYTES + " bytes");
            HttpResponse refusal = start instanceof io.netty.handler.codec.http.HttpRequest request
                    ? dispatcher.refusal(RequestReader.head(request, remote), error)
                    : dispatcher.refusal(null, error);
            return encoder.full(refusal, false);
        }
    }
}
