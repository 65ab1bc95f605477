package dev.lamina.lambda.runtimeapi;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loop that every Runtime API endpoint of a node is served on (decision 17): environments
 * keep ports of their own, but no threads of their own. The edge is served on it too (decision 20), so
 * that a warm invocation goes from the caller's request to the runtime and back on one thread.
 */
public final class RuntimeApiTransport implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean owned;

    /** One loop thread per four cores, at least one and at most four. */
    public RuntimeApiTransport() {
        this(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 4)));
    }

    public RuntimeApiTransport(int threads) {
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("runtime-api", true));
        this.owned = true;
    }

    /** The node's own loops, which it shuts down itself. */
    public RuntimeApiTransport(EventLoopGroup loops) {
        this.group = loops;
        this.owned = false;
    }

    public EventLoopGroup group() {
        return group;
    }

    @Override
    public void close() {
        if (owned) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
