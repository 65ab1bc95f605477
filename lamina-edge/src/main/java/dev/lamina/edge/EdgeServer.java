package dev.lamina.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's single public port, served on the node's event loop (decision 20). Reads each request
 * whole (bounded), hands it to the first {@link Service} that claims it, and renders
 * {@link AwsException}s in AWS's error shape. A route marked non-blocking (an invocation) runs on the
 * loop and answers when its response is ready, with no thread of its own; every other route runs on a
 * virtual thread of its own, as does a response that streams. A connection's requests are answered
 * in the order they came.
 */
public final class EdgeServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EdgeServer.class.getName());

    /** Lambda's request limit: a 50 MB package, base64 in JSON, fits; no bigger request does. */
    public static final int MAX_BODY_BYTES = 70_167_211;

    /** Larger bodies are not hashed and parsed on the loop: a non-blocking route gets a virtual thread then. */
    private static final int LOOP_BODY_LIMIT = 256 * 1024;

    /** Lambda writes these errors' message as {@code Message}, the others' as {@code message}. */
    private static final java.util.Set<String> CAPITALISED_MESSAGE =
            java.util.Set.of("ResourceNotFoundException", "ServiceException");

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    /** Request line and header limits: long query strings and cookies fit, as they did before. */
    private static final int MAX_LINE_BYTES = 64 * 1024;

    private static final int MAX_HEADER_BYTES = 384 * 1024;

    /** A keep-alive connection with no request in progress is closed after this long without traffic. */
    private static final int IDLE_SECONDS = 60;

    /**
     * One API family served on the edge port, chosen by {@link #accepts}. Its requests must be signed
     * for {@code signingName} (e.g. {@code lambda}, {@code logs}); {@code null} leaves it open.
     */
    public record Service(String name, Predicate<HttpRequest> accepts, Router router, String signingName) {
        /** A service whose requests are signed with its own name as the signing name. */
        public Service(String name, Predicate<HttpRequest> accepts, Router router) {
            this(name, accepts, router, name);
        }

        /** A service anyone may call without signing, such as the node's health check. */
        public static Service open(String name, Predicate<HttpRequest> accepts, Router router) {
            return new Service(name, accepts, router, null);
        }
    }

    private final Channel channel;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Service> services;
    private final Authenticator authenticator;
    private final ObjectMapper json = new ObjectMapper();
    private volatile DateHeader date = new DateHeader(0, "");

    /** The Date header's text, made once a second. */
    private record DateHeader(long second, String text) {}

    /**
     * Listens at once: the port answers when the constructor returns.
     *
     * @param loops the node's event loops, which the Runtime API is served on too
     */
    public EdgeServer(String host, int port, List<Service> services, Authenticator authenticator, EventLoopGroup loops)
            throws IOException {
        this.services = List.copyOf(services);
        this.authenticator = authenticator;
        ChannelFuture bound = new ServerBootstrap()
                .group(loops)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast(new HttpServerCodec(MAX_LINE_BYTES, MAX_HEADER_BYTES, 8192))
                                .addLast(new Aggregator())
                                .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                                .addLast(new Connection());
                    }
                })
                .bind(host, port)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            BindException e = new BindException("Cannot listen on " + host + ":" + port);
            e.initCause(bound.cause());
            throw e;
        }
        this.channel = bound.channel();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /**
     * Whole requests up to {@link #MAX_BODY_BYTES}. A bigger one gets AWS's 413 at once; the rest of
     * its body is read and dropped, so that the client, still sending, sees the answer rather than a
     * broken connection, and a keep-alive connection stays usable.
     */
    private final class Aggregator extends HttpObjectAggregator {
        Aggregator() {
            super(MAX_BODY_BYTES);
        }

        @Override
        protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
            Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
            if (answer instanceof FullHttpResponse bare && bare.status().code() == 413) {
                // announced too large before it was sent: AWS's error body rather than an empty one
                DefaultFullHttpResponse aws = tooLarge();
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
            DefaultFullHttpResponse response = tooLarge();
            if (HttpUtil.isKeepAlive(oversized)) {
                ctx.writeAndFlush(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(f -> ctx.close());
            }
        }
    }

    private DefaultFullHttpResponse tooLarge() {
        return fullResponse(
                render(new AwsException(
                        413, "RequestTooLargeException", "Request must be smaller than " + MAX_BODY_BYTES + " bytes")),
                false);
    }

    /**
     * One client connection: requests are served one at a time, in order; one that arrives while
     * another is being answered waits (and reading pauses) until that answer is written.
     */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>(1);
        private boolean busy;

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
            Exchange exchange = new Exchange(
                    ctx,
                    this,
                    raw.method().equals(HttpMethod.HEAD),
                    HttpUtil.isKeepAlive(raw) && !malformed,
                    raw.protocolVersion());
            if (malformed) {
                raw.release();
                exchange.send(render(new AwsException(400, "BadRequestException", "Malformed HTTP request")));
                return;
            }
            HttpRequest request;
            try {
                request = read(raw, ctx.channel().remoteAddress());
            } catch (IllegalArgumentException e) {
                exchange.send(render(new AwsException(400, "BadRequestException", "Malformed query string")));
                return;
            } finally {
                raw.release();
            }
            dispatch(exchange, request);
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
    }

    /** Finds the service and route; runs a non-blocking route here, on the loop, any other on a virtual thread. */
    private void dispatch(Exchange exchange, HttpRequest request) {
        Service service = services.stream()
                .filter(s -> s.accepts().test(request))
                .findFirst()
                .orElse(null);
        Router.Match match = service == null ? null : service.router().find(request);
        if (match != null && match.nonBlocking() && request.body().length <= LOOP_BODY_LIMIT) {
            run(exchange, () -> {
                authenticate(service, request);
                return match.handle();
            });
        } else {
            executor.execute(() -> run(exchange, () -> {
                if (service == null) {
                    throw new AwsException(404, "UnknownOperationException", "No service at " + request.rawPath());
                }
                authenticate(service, request);
                return service.router().dispatch(request);
            }));
        }
    }

    private void authenticate(Service service, HttpRequest request) {
        if (service.signingName() != null) {
            authenticator.authenticate(request, service.signingName());
        }
    }

    @FunctionalInterface
    private interface Handling {
        HttpResponse handle() throws Exception;
    }

    private void run(Exchange exchange, Handling handling) {
        HttpResponse response;
        try {
            response = handling.handle();
        } catch (Exception e) {
            exchange.send(failure(e));
            return;
        }
        if (response.pending() != null) {
            response.pending().whenComplete((later, e) -> exchange.send(e == null ? later : failure(e)));
        } else if (response.streamed() != null) {
            executor.execute(() -> stream(exchange, response.streamed()));
        } else {
            exchange.send(response);
        }
    }

    private HttpResponse failure(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof AwsException aws) {
            return render(aws);
        }
        LOG.log(Level.WARNING, "request failed", cause);
        return render(AwsException.service("Internal error: " + cause.getMessage()));
    }

    /** Runs a response that writes itself; an error before it opened the output is rendered as usual. */
    private void stream(Exchange exchange, StreamedBody body) {
        StreamOutput output = new StreamOutput(exchange);
        try {
            body.write(output);
        } catch (Exception e) {
            if (output.isOpen()) {
                LOG.log(Level.FINE, "streamed response failed after it started", e);
            } else {
                exchange.send(failure(e));
                return;
            }
        }
        if (!output.isOpen()) {
            exchange.send(HttpResponse.empty(204));
            return;
        }
        output.finish();
    }

    /** One request's answer, written once, from any thread. */
    private final class Exchange {
        private final ChannelHandlerContext ctx;
        private final Connection connection;
        private final boolean head;
        private final boolean keepAlive;
        private final HttpVersion version;

        Exchange(
                ChannelHandlerContext ctx,
                Connection connection,
                boolean head,
                boolean keepAlive,
                HttpVersion version) {
            this.ctx = ctx;
            this.connection = connection;
            this.head = head;
            this.keepAlive = keepAlive;
            this.version = version;
        }

        void send(HttpResponse response) {
            DefaultFullHttpResponse full;
            try {
                full = fullResponse(response, head);
            } catch (RuntimeException e) {
                // e.g. a header value with a line break, from a function URL's response
                LOG.log(Level.FINE, "response could not be encoded", e);
                full = fullResponse(
                        render(new AwsException(
                                502, "ServiceException", "The response could not be sent: " + e.getMessage())),
                        head);
            }
            full.setProtocolVersion(version);
            keepAliveHeader(full.headers());
            ctx.writeAndFlush(full).addListener(f -> done(f.isSuccess()));
        }

        /** The status line and headers of a streamed answer; its body follows in chunks. */
        ChannelFuture open(int status, Map<String, String> headers, List<String> setCookies, boolean noBody) {
            DefaultHttpResponse response = new DefaultHttpResponse(version, HttpResponseStatus.valueOf(status));
            setHeaders(response.headers(), headers, setCookies);
            if (noBody) {
                if (status != 204 && status != 304) {
                    HttpUtil.setContentLength(response, 0);
                }
            } else {
                HttpUtil.setTransferEncodingChunked(response, true);
            }
            keepAliveHeader(response.headers());
            return ctx.writeAndFlush(response);
        }

        ChannelFuture write(ByteBuf chunk) {
            return ctx.writeAndFlush(new DefaultHttpContent(chunk));
        }

        void end() {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> done(f.isSuccess()));
        }

        private void keepAliveHeader(HttpHeaders headers) {
            if (!keepAlive) {
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            } else if (version.equals(HttpVersion.HTTP_1_0)) {
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
        }

        /** Runs on the loop once the answer is written (or could not be). */
        private void done(boolean written) {
            if (!written || !keepAlive) {
                ctx.close();
                return;
            }
            connection.answered(ctx);
        }
    }

    /** The exchange's body behind {@link HttpOutput}: chunked, or none for HEAD and 204/304. */
    private static final class StreamOutput implements HttpOutput {
        private final Exchange exchange;
        private volatile ChunkStream out;

        StreamOutput(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public OutputStream open(int status, Map<String, String> headers, List<String> setCookies) throws IOException {
            if (out != null) {
                throw new IllegalStateException("the response is already open");
            }
            boolean noBody = status == 204 || status == 304 || exchange.head;
            ChannelFuture opened = exchange.open(status, headers, setCookies, noBody);
            out = new ChunkStream(exchange, noBody);
            ChunkStream.await(opened);
            return out;
        }

        @Override
        public boolean isOpen() {
            return out != null;
        }

        void finish() {
            try {
                out.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "client went away", e);
            }
        }
    }

    /** Buffers what is written; each flush sends it as one chunk and waits until it is on its way. */
    private static final class ChunkStream extends OutputStream {
        private final Exchange exchange;
        private final boolean noBody;
        private ByteBuf pending = Unpooled.buffer(0);
        private boolean closed;

        ChunkStream(Exchange exchange, boolean noBody) {
            this.exchange = exchange;
            this.noBody = noBody;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            if (!noBody) {
                pending.writeBytes(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (pending.isReadable()) {
                ByteBuf chunk = pending;
                pending = Unpooled.buffer(0);
                await(exchange.write(chunk));
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            try {
                flush();
            } finally {
                closed = true;
                pending.release();
                exchange.end();
            }
        }

        static void await(ChannelFuture write) throws IOException {
            write.awaitUninterruptibly();
            if (!write.isSuccess()) {
                throw new IOException("client went away", write.cause());
            }
        }
    }

    private DefaultFullHttpResponse fullResponse(HttpResponse response, boolean head) {
        byte[] body = response.body();
        int status = response.status();
        boolean noBody = body.length == 0 || status == 204 || status == 304 || head;
        DefaultFullHttpResponse full = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status),
                noBody ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        setHeaders(full.headers(), response.headers(), response.setCookies());
        if (status != 204 && status != 304) {
            HttpUtil.setContentLength(full, noBody ? 0 : body.length);
        }
        return full;
    }

    private void setHeaders(HttpHeaders headers, Map<String, String> values, List<String> setCookies) {
        values.forEach(headers::set);
        if (!values.containsKey("x-amzn-RequestId")) {
            // Invoke answers with its invocation's id instead
            headers.set("x-amzn-RequestId", UUID.randomUUID().toString());
        }
        for (String cookie : setCookies) {
            headers.add(HttpHeaderNames.SET_COOKIE, cookie);
        }
        headers.set(HttpHeaderNames.DATE, dateText());
    }

    private String dateText() {
        long second = System.currentTimeMillis() / 1000;
        DateHeader d = date;
        if (d.second() != second) {
            d = new DateHeader(second, HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
            date = d;
        }
        return d.text();
    }

    private HttpResponse render(AwsException e) {
        ObjectNode body = json.createObjectNode();
        body.put("__type", e.code());
        if (!e.code().equals("ValidationException")) {
            body.put("Type", e.status() >= 500 ? "Service" : "User");
        }
        body.put(CAPITALISED_MESSAGE.contains(e.code()) ? "Message" : "message", e.getMessage());
        e.fields().forEach(body::put);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-amzn-ErrorType", e.code());
        if (e.status() == 429) {
            headers.put("Retry-After", "1");
        }
        try {
            return new HttpResponse(e.status(), headers, json.writeValueAsBytes(body));
        } catch (IOException io) {
            throw new IllegalStateException(io);
        }
    }

    private static HttpRequest read(FullHttpRequest raw, SocketAddress remote) {
        Map<String, List<String>> headers = new HashMap<>();
        for (Map.Entry<String, String> h : raw.headers()) {
            headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                    .add(h.getValue());
        }
        String target = raw.uri();
        if (target.startsWith("http://") || target.startsWith("https://")) {
            // absolute form: the path starts after the authority
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        int hash = target.indexOf('#');
        if (hash >= 0) {
            target = target.substring(0, hash);
        }
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String rawQuery = question < 0 ? null : target.substring(question + 1);
        return new HttpRequest(
                raw.method().name(),
                rawPath,
                rawQuery,
                parseQuery(rawQuery),
                headers,
                ByteBufUtil.getBytes(raw.content()),
                remote instanceof InetSocketAddress inet && inet.getAddress() != null
                        ? inet.getAddress().getHostAddress()
                        : "");
    }

    static Map<String, List<String>> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>(1)).add(v);
        }
        return out;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
        executor.shutdownNow();
    }
}
