package dev.lamina.lambda.environment;

import dev.lamina.lambda.runtimeapi.RuntimeApiServer.PeerCheck;
import dev.lamina.lambda.sandbox.SocketOwners;
import java.net.InetSocketAddress;

/**
 * Who may use one environment's Runtime API (decision 7): connections owned by the sandbox's uid,
 * or, in a sandbox without network, the node's own relay connections. Runtime clients keep one
 * connection, so its owner is looked up once: no other socket can have the same client address and
 * port while that connection exists.
 */
final class RuntimeApiPeers implements PeerCheck {
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
