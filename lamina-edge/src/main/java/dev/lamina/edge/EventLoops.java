package dev.lamina.edge;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The node's event loops (decisions 17 and 20): the edge and every execution environment's Runtime API
 * are served on them, so that a warm invocation goes from the caller's request to the runtime and back
 * on one thread. One loop per four cores, at least one and at most four.
 */
public final class EventLoops implements AutoCloseable {
    private final EventLoopGroup group;

    public EventLoops() {
        this(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 4)));
    }

    public EventLoops(int threads) {
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("lamina-loop", true));
    }

    public EventLoopGroup group() {
        return group;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
