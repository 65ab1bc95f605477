package dev.lamina.edge;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

/**
 * The node's single public port, served on the node's event loop (decision 20). Each connection
 * ({@link EdgeConnection}) reads its requests whole (bounded) and answers them in the order they came;
 * the {@link Dispatcher} hands each to the {@link EdgeService} it is for and renders
 * {@link dev.lamina.core.AwsException}s in that service's protocol. A route marked non-blocking (an
 * invocation) runs on the loop and answers when its response is ready, with no thread of its own;
 * every other route runs on a virtual thread of its own, as does a response that streams.
 */
public final class EdgeServer implements AutoCloseable {
    /** Lambda's request limit: a 50 MB package, base64 in JSON, fits; no bigger request does. */
    public static final int MAX_BODY_BYTES = 70_167_211;

    private final Channel channel;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final NodeRequests nodeRequests;

    /**
     * Listens at once: the port answers when the constructor returns.
     *
     * @param services what the port serves; throws {@link IllegalArgumentException} when two claim the
     *     same requests
     * @param authenticator checks the signature of each request to a service with a signing name
     * @param loops the node's event loops, which the Runtime API is served on too
     * @param clock the time answers' {@code Date} header says
     * @param random makes the request ids of answers that name none; used from many threads at once,
     *     so it must be thread-safe ({@link java.security.SecureRandom} is)
     */
    public EdgeServer(
            InetSocketAddress address,
            List<EdgeService> services,
            Authenticator authenticator,
            EventLoopGroup loops,
            InstantSource clock,
            RandomGenerator random)
            throws IOException {
        this(address, services, authenticator, AccessPolicy.ALLOW_ALL, loops, clock, random);
    }

    /**
     * Listens at once, as above, and authorizes each request signed with a role's temporary
     * credentials through {@code policy} (decision 38).
     */
    public EdgeServer(
            InetSocketAddress address,
            List<EdgeService> services,
            Authenticator authenticator,
            AccessPolicy policy,
            EventLoopGroup loops,
            InstantSource clock,
            RandomGenerator random)
            throws IOException {
        RequestIds requestIds = new RequestIds(random);
        ServiceTable table = new ServiceTable(services);
        this.nodeRequests = new NodeRequests(table, policy);
        Dispatcher dispatcher = new Dispatcher(table, authenticator, policy, blocking, requestIds);
        ResponseEncoder encoder = new ResponseEncoder(clock, requestIds);
        ChannelFuture bound = new ServerBootstrap()
                .group(loops)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        EdgeConnection.install(ch.pipeline(), dispatcher, encoder);
                    }
                })
                .bind(address)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            BindException e =
                    new BindException("Cannot listen on " + address.getHostString() + ":" + address.getPort());
            e.initCause(bound.cause());
            throw e;
        }
        this.channel = bound.channel();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The node's own requests to the services on this port, served in-process ({@link NodeRequests}). */
    public NodeRequests nodeRequests() {
        return nodeRequests;
    }

    /** Stops listening, closes every connection, and interrupts the routes still running. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
        blocking.shutdownNow();
    }
}
