package dev.lamina.edge;

import dev.lamina.core.AwsException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection, on its event loop: requests are read whole (up to
 * {@link EdgeServer#MAX_BODY_BYTES}) and served one at a time, in order; one that arrives while
 * another is being answered waits (and reading pauses) until that answer is written. A request for a
 * route that streams its body ({@link Router#addStreaming}) is served as soon as its headers are in,
 * its body following through a {@link RequestBody} of any size; an answer that goes out before such a
 * body has arrived drops the rest of it (or closes the connection when the client still waits for its
 * {@code 100 Continue} and so will never send it). A keep-alive connection with nothing in progress
 * closes after {@link #IDLE_SECONDS} without traffic.
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
    private final ArrayDeque<Object> queued = new ArrayDeque<>(1);
    private boolean busy;
    /** The body of the streamed request being answered, or {@code null}. */
    private RequestBody streaming;

    private EdgeConnection(Dispatcher dispatcher, ResponseEncoder encoder) {
        this.dispatcher = dispatcher;
        this.encoder = encoder;
    }

    /** Sets up a new connection's pipeline: HTTP/1.1, whole requests, the idle timer, then this handler. */
    static void install(ChannelPipeline pipeline, Dispatcher dispatcher, ResponseEncoder encoder) {
        pipeline.addLast(new HttpServerCodec(MAX_LINE_BYTES, MAX_HEADER_BYTES, 8192))
                .addLast(new BodySplitter(dispatcher))
                .addLast(new Aggregator(dispatcher, encoder))
                .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                .addLast(new EdgeConnection(dispatcher, encoder));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest) && !(msg instanceof StreamedRequest)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (busy) {
            queued.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        serve(ctx, msg);
    }

    private void serve(ChannelHandlerContext ctx, Object request) {
        switch (request) {
            case FullHttpRequest whole -> serve(ctx, whole);
            case StreamedRequest streamed -> serve(ctx, streamed);
            default -> throw new IllegalStateException("not a request: " + request);
        }
    }

    private void serve(ChannelHandlerContext ctx, StreamedRequest streamed) {
        busy = true;
        streaming = streamed.body();
        // with its body, so that an answer sent before the client was asked for it closes the connection
        NettyExchange exchange = new NettyExchange(
                ctx, this, encoder, streamed.head(), streamed.keepAlive(), streamed.version(), streamed.body());
        dispatcher.dispatch(streamed.request(), exchange);
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
        RequestBody body = streaming;
        streaming = null;
        if (body != null) {
            body.discardRest(); // what the route did not read; reading resumes if the body paused it
        }
        busy = false;
        Object next = queued.poll();
        if (next != null) {
            serve(ctx, next);
            if (next instanceof StreamedRequest) {
                ctx.channel().config().setAutoRead(true); // its body is still to be read
            }
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
        queued.forEach(ReferenceCountUtil::release);
        queued.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.FINE, "edge connection failed", cause);
        ctx.close();
    }

    /**
     * A request of a streaming route, its headers in and its body on the way.
     *
     * @param head whether it is a HEAD request
     */
    record StreamedRequest(
            HttpRequest request, RequestBody body, boolean head, boolean keepAlive, HttpVersion version) {}

    /**
     * Sends the requests of streaming routes on as {@link StreamedRequest}s as soon as their headers
     * are in, and their body's pieces into their {@link RequestBody}, past the aggregator; every other
     * request goes on to the aggregator untouched. Whether a route streams is one set lookup of the
     * method, then the service and route lookup only for a method some streaming route has.
     */
    private static final class BodySplitter extends ChannelInboundHandlerAdapter {
        private final Dispatcher dispatcher;
        private RequestBody body;

        BodySplitter(Dispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (body != null && msg instanceof HttpContent content) {
                try {
                    body.offer(content.content());
                } finally {
                    content.release();
                }
                if (msg instanceof LastHttpContent) {
                    body.end();
                    body = null;
                }
                return;
            }
            if (msg instanceof io.netty.handler.codec.http.HttpRequest head
                    && !(msg instanceof FullHttpRequest)
                    && head.decoderResult().isSuccess()) {
                HttpRequest request = streamedOrNull(head, ctx);
                if (request != null) {
                    body = new RequestBody(ctx.channel(), HttpUtil.is100ContinueExpected(head));
                    ctx.fireChannelRead(new StreamedRequest(
                            request.withBodyStream(body),
                            body,
                            head.method().equals(HttpMethod.HEAD),
                            HttpUtil.isKeepAlive(head),
                            head.protocolVersion()));
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }

        private HttpRequest streamedOrNull(io.netty.handler.codec.http.HttpRequest head, ChannelHandlerContext ctx) {
            try {
                HttpRequest request =
                        RequestReader.withoutBody(head, ctx.channel().remoteAddress());
                return dispatcher.streams(request) ? request : null;
            } catch (IllegalArgumentException e) {
                return null; // a bad query string: the aggregated path answers it
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (body != null) {
                body.fail(new IOException("the client closed the connection before the body ended"));
                body = null;
            }
            ctx.fireChannelInactive();
        }
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
