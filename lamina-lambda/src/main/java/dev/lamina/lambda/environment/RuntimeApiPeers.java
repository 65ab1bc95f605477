package dev.lamina.lambda.environment;

import dev.lamina.lambda.runtimeapi.RuntimeApiServer;
import dev.lamina.lambda.runtimeapi.RuntimeApiServer.PeerCheck;
import dev.lamina.lambda.runtimeapi.RuntimeSession;
import dev.lamina.lambda.sandbox.ProcessLauncher;
import dev.lamina.lambda.sandbox.SocketOwners;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Who may use one environment's Runtime API (decision 7): connections owned by the sandbox's uid,
 * or, in a sandbox without network, the node's own relay connections. Runtime clients keep one
 * connection, so its owner is looked up once: no other socket can have the same client address and
 * port while that connection exists.
 */
final class RuntimeApiPeers implements PeerCheck {
    /**
     * Who may use {@code box}'s endpoint: in a sandbox with its own network, connections from its
     * address (which only it has, and cannot change: it holds no capability over its namespace);
     * else connections owned by its uid; anyone for a plain process.
     */
    static PeerCheck of(EnvironmentContext ctx, ProcessLauncher.Sandbox box) {
        if (box.ownNetwork().isPresent()) {
            InetAddress sandbox = box.ownNetwork().get().sandbox();
            return (client, serverPort) -> client.getAddress().equals(sandbox);
        }
        return box.uid().isPresent()
                ? new RuntimeApiPeers(ctx.sockets(), box.uid().getAsInt())
                : PeerCheck.ANYONE;
    }

    /** Where {@code box}'s endpoint listens: where its own network reaches the node, else loopback. */
    static InetAddress listenAddress(ProcessLauncher.Sandbox box) {
        return box.ownNetwork().map(ProcessLauncher.OwnNetwork::node).orElse(InetAddress.getLoopbackAddress());
    }

    /**
     * {@code box}'s endpoint, at its {@link #listenAddress}, on a port its runtime's connections reach:
     * not the one its own network leads to the node's AWS endpoint.
     */
    static RuntimeApiServer open(
            EnvironmentContext ctx, ProcessLauncher.Sandbox box, RuntimeSession session, PeerCheck peers)
            throws IOException {
        int reserved =
                box.ownNetwork().map(ProcessLauncher.OwnNetwork::nodePort).orElse(0);
        return RuntimeApiServer.open(session, ctx.runtimeApi(), peers, listenAddress(box), reserved);
    }

    private final SocketOwners sockets;
    private final int uid;
    private volatile InetSocketAddress trustedClient;
    private volatile RuntimeApiRelay relay;

    RuntimeApiPeers(SocketOwners sockets, int uid) {
        this.sockets = sockets;
        this.uid = uid;
    }

    /** From now on, only connections this relay made are the environment's. */
    void relayedBy(RuntimeApiRelay relay) {
        this.relay = relay;
    }

    @Override
    public boolean allowed(InetSocketAddress client, int serverPort) {
        RuntimeApiRelay r = relay;
        if (r != null) {
            return r.isRelayPort(client.getPort());
        }
        if (client.equals(trustedClient)) {
            return true;
        }
        boolean own = sockets.uidOf(client.getPort(), serverPort).orElse(-1) == uid;
        if (own) {
            trustedClient = client;
        }
        return own;
    }
}
