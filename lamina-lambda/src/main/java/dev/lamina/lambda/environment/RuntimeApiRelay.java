package dev.lamina.lambda.environment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * For sandboxes without network: a Unix socket, bound into the sandbox, whose connections the node
 * relays to the environment's Runtime API port. Inside, a relay listening on 127.0.0.1:9001 forwards
 * to this socket. Only that sandbox can see the socket, so relayed connections are its own; their
 * local ports are remembered so the endpoint's peer check can let them in.
 */
final class RuntimeApiRelay implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RuntimeApiRelay.class.getName());

    private final Path path;
    private final ServerSocketChannel server;
    private final InetSocketAddress target;
    private final Set<Integer> relayPorts = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    RuntimeApiRelay(Path path, InetSocketAddress target) throws IOException {
        this.path = path;
        this.target = target;
        Files.deleteIfExists(path);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
        Thread.ofVirtual().name("relay-" + path.getFileName()).start(this::acceptLoop);
    }

    Path path() {
        return path;
    }

    /** Whether a connection to the endpoint from {@code port} is one of this relay's. */
    boolean isRelayPort(int port) {
        return relayPorts.contains(port);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel inside = server.accept();
                SocketChannel endpoint = SocketChannel.open(target);
                int port = ((InetSocketAddress) endpoint.getLocalAddress()).getPort();
                relayPorts.add(port);
                Thread.ofVirtual().start(() -> pump(inside, endpoint, port));
                Thread.ofVirtual().start(() -> pump(endpoint, inside, port));
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.FINE, "relay accept on " + path, e);
                }
                return;
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to, int port) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            relayPorts.remove(port);
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing relay " + path, e);
        }
    }
}
