package dev.lamina.lambda.runtimeapi;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One execution environment's Runtime API (2018-06-01) endpoint on a port of its own (on loopback, or
 * at the node's address on the network of a sandbox that has its own, decision 26), so an
 * environment reaches only its own invocations. Served on the node's shared event loop
 * ({@link RuntimeApiTransport}, decision 17): a request is handled on the loop thread it arrives on,
 * with no hand-off; {@code GET /next} is answered later, from whichever thread brings the invocation;
 * a streamed response is read by a virtual thread of its own. Routes fit on one screen.
 */
public final class RuntimeApiServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RuntimeApiServer.class.getName());

    /** Buffered response limit: 6 MiB plus 100 bytes, as Lambda allows. */
    public static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

    private static final String BASE = "/2018-06-01/runtime/";
    private static final byte[] ACCEPTED = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);

    /** Decides whether a connection may use this endpoint, by its client address and the server's port. */
    @FunctionalInterface
    public interface PeerCheck {
        boolean allowed(InetSocketAddress client, int serverPort);

        PeerCheck ANYONE = (client, port) -> true;
    }

    /** What a request asks for, known from its request line. */
    private enum Kind {
        NEXT,
        RESPONSE,
        STREAM,
        ERROR,
        INIT_ERROR,
        EXTENSION,
        NOT_FOUND
    }

    private final Channel channel;
    /** Open runtime connections, closed with the endpoint. */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private final int port;
    private final String host;
    private final RuntimeSession session;
    private final PeerCheck peers;

    /** An endpoint on a loopback port of its own. */
    public RuntimeApiServer(RuntimeSession session, RuntimeApiTransport transport, PeerCheck peers) throws IOException {
        this(session, transport, peers, InetAddress.getLoopbackAddress());
    }

    /** An endpoint on a port of its own at {@code address} (a sandbox's own network reaches the node there). */
    public RuntimeApiServer(RuntimeSession session, RuntimeApiTransport transport, PeerCheck peers, InetAddress address)
            throws IOException {
        this.session = session;
        this.peers = peers;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(transport.group())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 64)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpServerExpectContinueHandler())
                                .addLast(new Connection());
                    }
                });
        try {
            this.channel = bootstrap.bind(address, 0).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding the Runtime API", e);
        } catch (Exception e) {
            throw new IOException("binding the Runtime API: " + e.getMessage(), e);
        }
        this.port = ((InetSocketAddress) channel.localAddress()).getPort();
        this.host = address.getHostAddress();
    }

    /**
     * An endpoint at {@code address} on a port of its own other than {@code reserved} (0: any port).
     * The kernel may hand out a port number another socket holds at another address: at the address
     * of a sandbox's own network, the node's AWS port is taken by the fence (it leads to the node's
     * AWS endpoint), so an endpoint there would send its runtime to that endpoint instead.
     */
    public static RuntimeApiServer open(
            RuntimeSession session, RuntimeApiTransport transport, PeerCheck peers, InetAddress address, int reserved)
            throws IOException {
        return avoiding(
                reserved, () -> new RuntimeApiServer(session, transport, peers, address), RuntimeApiServer::port);
    }

    /** Opens a server, and another in its place when the first has port {@code reserved}. */
    static <T extends AutoCloseable> T avoiding(int reserved, Opener<T> open, ToIntFunction<T> port)
            throws IOException {
        T first = open.open();
        if (reserved == 0 || port.applyAsInt(first) != reserved) {
            return first;
        }
        // the first holds the port while the second binds, so the second has another one
        try (first) {
            return open.open();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("closing a Runtime API endpoint: " + e.getMessage(), e);
        }
    }

    /** Binds one server. */
    @FunctionalInterface
    interface Opener<T> {
        T open() throws IOException;
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return host + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The event loop this endpoint is served on, for timers that belong with its requests. */
    public ScheduledExecutorService loop() {
        return channel.eventLoop();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
    }

    /** One runtime connection. Its requests come one at a time; all but a stream's body are read here. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private Boolean allowed;
        /** The request being read: its kind, what it names and its body so far. */
        private Kind kind;

        private String requestId;
        /** The request line's method and path, for a 404's message. */
        private String target;

        private HttpHeaders headers;
        private boolean keepAlive;
        private byte[] body;
        private int size;
        private boolean tooLarge;
        private BodyStream stream;
        /**
         * A response or error was refused: the connection closes, and what the runtime pipelined
         * behind it (its next {@code GET /next}) is not taken, so no invocation goes to a runtime
         * that is about to exit over the refusal.
         */
        private boolean closing;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (closing) {
                    return;
                }
                if (msg instanceof HttpRequest request) {
                    begin(ctx, request);
                }
                if (msg instanceof HttpContent content && kind != null) {
                    content(ctx, content);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void begin(ChannelHandlerContext ctx, HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                reply(ctx, false, 400, error("BadRequest", "Malformed HTTP request"));
                kind = null;
                return;
            }
            keepAlive = HttpUtil.isKeepAlive(request);
            headers = request.headers();
            body = null;
            size = 0;
            tooLarge = false;
            stream = null;
            if (allowed == null) {
                allowed = peers.allowed((InetSocketAddress) ctx.channel().remoteAddress(), port);
            }
            if (!allowed) {
                reply(
                        ctx,
                        false,
                        403,
                        error("AccessDenied", "This Runtime API belongs to another execution environment"));
                kind = null;
                return;
            }
            String path = rawPath(request.uri());
            HttpMethod method = request.method();
            String rest = path.startsWith(BASE) ? path.substring(BASE.length()) : null;
            requestId = null;
            target = method + " " + path;
            if (rest == null) {
                kind = path.startsWith("/2020-01-01/extension/")
                                || path.startsWith("/2022-07-01/telemetry")
                                || path.startsWith("/2020-08-15/logs")
                        ? Kind.EXTENSION
                        : Kind.NOT_FOUND;
            } else if (method.equals(HttpMethod.GET) && rest.equals("invocation/next")) {
                kind = Kind.NEXT;
            } else if (method.equals(HttpMethod.POST) && rest.equals("init/error")) {
                kind = Kind.INIT_ERROR;
            } else if (method.equals(HttpMethod.POST) && rest.startsWith("invocation/") && rest.endsWith("/response")) {
                requestId = rest.substring("invocation/".length(), rest.length() - "/response".length());
                kind = "streaming".equalsIgnoreCase(headers.get("Lambda-Runtime-Function-Response-Mode"))
                        ? Kind.STREAM
                        : Kind.RESPONSE;
            } else if (method.equals(HttpMethod.POST) && rest.startsWith("invocation/") && rest.endsWith("/error")) {
                requestId = rest.substring("invocation/".length(), rest.length() - "/error".length());
                kind = Kind.ERROR;
            } else {
                kind = Kind.NOT_FOUND;
            }
            if (kind == Kind.STREAM) {
                startStream(ctx);
            }
        }

        private void content(ChannelHandlerContext ctx, HttpContent content) {
            if (content.decoderResult().isFailure()) {
                // A broken body (a bad chunk) is never taken as the response; the codec drops the
                // rest of the connection, so it is closed.
                if (kind == Kind.STREAM) {
                    stream.fail();
                }
                kind = null;
                body = null;
                reply(ctx, false, 400, error("BadRequest", "Malformed HTTP request body"));
                return;
            }
            ByteBuf data = content.content();
            if (kind == Kind.STREAM) {
                stream.offer(data);
            } else if (data.isReadable() && !tooLarge) {
                int n = data.readableBytes();
                if (size + n > MAX_RESPONSE_BYTES) {
                    tooLarge = true;
                    body = null;
                } else {
                    if (body == null || body.length - size < n) {
                        Integer length = headers.getInt(HttpHeaderNames.CONTENT_LENGTH);
                        int want = length != null && length >= size + n ? length : (size + n) * 2;
                        body = java.util.Arrays.copyOf(
                                body == null ? new byte[0] : body, Math.min(want, MAX_RESPONSE_BYTES));
                    }
                    data.readBytes(body, size, n);
                    size += n;
                }
            }
            if (content instanceof LastHttpContent) {
                Kind done = kind;
                kind = null;
                if (done == Kind.STREAM) {
                    stream.end();
                } else {
                    answer(ctx, done);
                }
            }
        }

        /** Handles a request whose body has been read whole. */
        private void answer(ChannelHandlerContext ctx, Kind done) {
            boolean keep = keepAlive;
            byte[] bytes =
                    body == null ? new byte[0] : body.length == size ? body : java.util.Arrays.copyOf(body, size);
            body = null;
            try {
                switch (done) {
                    case NEXT -> session.next(new Answer(ctx, keep));
                    case INIT_ERROR -> {
                        session.initError(bytes, errorType(headers));
                        reply(ctx, keep, 202, ACCEPTED);
                    }
                    case RESPONSE -> {
                        if (tooLarge) {
                            session.responseTooLarge(requestId);
                            closing = true;
                            reply(
                                    ctx,
                                    false,
                                    413,
                                    error(
                                            "RequestEntityTooLarge",
                                            "Exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES
                                                    + " bytes)."));
                        } else {
                            session.respond(requestId, bytes, headers.get(HttpHeaderNames.CONTENT_TYPE));
                            reply(ctx, keep, 202, ACCEPTED);
                        }
                    }
                    case ERROR -> {
                        session.fail(requestId, bytes, errorType(headers));
                        reply(ctx, keep, 202, ACCEPTED);
                    }
                    case EXTENSION ->
                        reply(ctx, keep, 403, error("Extension.Unsupported", "Extensions are not supported yet"));
                    case NOT_FOUND -> reply(ctx, keep, 404, error("NotFound", "No such Runtime API path: " + target));
                    case STREAM -> throw new IllegalStateException("streams are answered by their reader");
                }
            } catch (RuntimeApiException e) {
                closing = done == Kind.RESPONSE || done == Kind.ERROR;
                reply(ctx, keep && !closing, e.status(), error(e.errorType(), e.getMessage()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Runtime API request failed", e);
                closing = true;
                reply(ctx, false, 500, error("ServiceException", "Internal error"));
            }
        }

        /** Hands a streamed response's body to the session on a virtual thread, which answers when it ends. */
        private void startStream(ChannelHandlerContext ctx) {
            BodyStream body = new BodyStream(ctx.channel());
            stream = body;
            String id = requestId;
            String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
            boolean keep = keepAlive;
            Thread.ofVirtual().name("runtime-api-stream").start(() -> {
                try {
                    session.respondStreaming(id, type, body);
                    // Whatever the session left unread is drained before the answer.
                    body.transferTo(java.io.OutputStream.nullOutputStream());
                    reply(ctx, keep, 202, ACCEPTED);
                } catch (RuntimeApiException e) {
                    reply(ctx, false, e.status(), error(e.errorType(), e.getMessage()));
                } catch (IOException e) {
                    LOG.log(Level.FINE, "a runtime broke off its streamed response", e);
                    ctx.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "streamed response failed", e);
                    reply(ctx, false, 500, error("ServiceException", "Internal error"));
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (stream != null) {
                stream.fail();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(Level.FINE, "Runtime API connection failed", cause);
            ctx.close();
        }
    }

    /** The answer to one {@code GET /next}, written when the invocation comes. */
    private record Answer(ChannelHandlerContext ctx, boolean keepAlive) implements RuntimeSession.Next {
        @Override
        public void deliver(RuntimeSession.Delivery d) {
            FullHttpResponse response = response(200, d.payload());
            HttpHeaders h = response.headers();
            h.set("Lambda-Runtime-Aws-Request-Id", d.requestId());
            h.set("Lambda-Runtime-Deadline-Ms", Long.toString(d.deadlineEpochMs()));
            h.set("Lambda-Runtime-Invoked-Function-Arn", d.invokedFunctionArn());
            h.set(HttpHeaderNames.CONTENT_TYPE, d.contentType());
            if (d.traceId() != null) {
                h.set("Lambda-Runtime-Trace-Id", d.traceId());
            }
            if (d.clientContext() != null) {
                h.set("Lambda-Runtime-Client-Context", d.clientContext());
            }
            if (d.cognitoIdentity() != null) {
                h.set("Lambda-Runtime-Cognito-Identity", d.cognitoIdentity());
            }
            write(ctx, keepAlive, response);
        }

        @Override
        public void refuse(RuntimeApiException e) {
            reply(ctx, keepAlive, e.status(), error(e.errorType(), e.getMessage()));
        }

        @Override
        public boolean open() {
            return ctx.channel().isActive();
        }
    }

    private static String rawPath(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    private static String errorType(HttpHeaders headers) {
        return headers.get("Lambda-Runtime-Function-Error-Type");
    }

    private static byte[] error(String type, String message) {
        return ("{\"errorType\":\"" + type + "\",\"errorMessage\":\"" + message.replace("\"", "'") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static FullHttpResponse response(int status, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    private static void reply(ChannelHandlerContext ctx, boolean keepAlive, int status, byte[] body) {
        FullHttpResponse response = response(status, body);
        if (status != 200) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        }
        write(ctx, keepAlive, response);
    }

    private static void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
