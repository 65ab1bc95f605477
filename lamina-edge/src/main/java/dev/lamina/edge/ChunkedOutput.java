package dev.lamina.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The output of a streamed answer: chunked, or no body at all for a HEAD request and a 204 or 304.
 * Written from the exchange's virtual thread; each write waits until its chunk is on its way, so a
 * slow client slows the writer rather than filling memory.
 */
final class ChunkedOutput implements Exchange.Output {
    private static final Logger LOG = Logger.getLogger(ChunkedOutput.class.getName());

    private final NettyExchange exchange;
    private final boolean head;
    private volatile Chunks out;

    ChunkedOutput(NettyExchange exchange, boolean head) {
        this.exchange = exchange;
        this.head = head;
    }

    @Override
    public OutputStream open(int status, Map<String, String> headers, List<String> setCookies) throws IOException {
        if (out != null) {
            throw new IllegalStateException("the response is already open");
        }
        boolean noBody = status == 204 || status == 304 || head;
        ChannelFuture opened = exchange.open(status, headers, setCookies, noBody);
        out = new Chunks(exchange, noBody);
        await(opened);
        return out;
    }

    @Override
    public boolean isOpen() {
        return out != null;
    }

    @Override
    public void finish() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "client went away", e);
        }
    }

    private static void await(ChannelFuture write) throws IOException {
        write.awaitUninterruptibly();
        if (!write.isSuccess()) {
            throw new IOException("client went away", write.cause());
        }
    }

    /** Buffers what is written; each flush sends it as one chunk and waits until it is on its way. */
    private static final class Chunks extends OutputStream {
        private final NettyExchange exchange;
        private final boolean noBody;
        private ByteBuf pending = Unpooled.buffer(0);
        private boolean closed;

        Chunks(NettyExchange exchange, boolean noBody) {
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
    }
}
