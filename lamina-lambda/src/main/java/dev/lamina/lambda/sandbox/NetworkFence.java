package dev.lamina.lambda.sandbox;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The nftables table that fences one node's sandboxes (decision 26), as {@code nft -f} input that
 * replaces the whole table at once. What a sandbox may reach of the host:
 * <ul>
 *   <li>sockets bound to the bridge's own address (the node's Runtime API endpoints): a listener on
 *       the wildcard address ({@code 0.0.0.0}), i.e. every other service of the host, is dropped
 *       whichever host address the sandbox aims at ({@code socket wildcard 0});
 *   <li>the node's AWS endpoint at the bridge address and the node's port, translated to where the
 *       node listens (its loopback address when it listens on loopback or everywhere);
 *   <li>nothing else: other ports, other protocols, other host addresses are dropped on input.
 * </ul>
 * Everything else a sandbox sends is forwarded and masqueraded behind the host's address (outbound
 * access, as on Lambda); nothing is forwarded into the bridge but replies, nor between sandboxes.
 */
final class NetworkFence {
    private static final InetAddress LOOPBACK = loopback();

    private NetworkFence() {}

    /**
     * @param node where the node's AWS endpoint listens, or {@code null} before it does (then a
     *     sandbox cannot reach it yet)
     */
    static String ruleset(NetworkNames names, Subnet subnet, InetSocketAddress node) {
        String table = names.table();
        String bridge = quote(names.bridge());
        String gateway = subnet.gateway().getHostAddress();
        StringBuilder nft = new StringBuilder();
        // Declaring then flushing makes the replacement atomic whether or not the table exists.
        nft.append("table ip ").append(table).append(" {}\n");
        nft.append("flush table ip ").append(table).append('\n');
        nft.append("table ip ").append(table).append(" {\n");
        nft.append("  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n");
        InetAddress target = node == null ? null : dnatTarget(node);
        if (target != null) {
            nft.append("    iifname ")
                    .append(bridge)
                    .append(" ip daddr ")
                    .append(gateway)
                    .append(" tcp dport ")
                    .append(node.getPort())
                    .append(" dnat to ")
                    .append(target.getHostAddress())
                    .append(':')
                    .append(node.getPort())
                    .append('\n');
        }
        nft.append("  }\n");
        nft.append("  chain input {\n    type filter hook input priority filter; policy accept;\n");
        nft.append("    iifname ").append(bridge).append(" jump fence\n  }\n");
        nft.append("  chain fence {\n    ct state established,related accept\n");
        if (target != null) {
            nft.append("    ct status dnat ip daddr ")
                    .append(target.getHostAddress())
                    .append(" tcp dport ")
                    .append(node.getPort())
                    .append(" accept\n");
        }
        nft.append("    ip daddr ").append(gateway).append(" meta l4proto tcp socket wildcard 0 accept\n");
        nft.append("    drop\n  }\n");
        nft.append("  chain forward {\n    type filter hook forward priority filter; policy accept;\n");
        nft.append("    iifname ")
                .append(bridge)
                .append(" oifname ")
                .append(bridge)
                .append(" drop\n");
        nft.append("    iifname ").append(bridge).append(" accept\n");
        nft.append("    oifname ").append(bridge).append(" ct state established,related accept\n");
        nft.append("    oifname ").append(bridge).append(" drop\n  }\n");
        nft.append("  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n");
        nft.append("    ip saddr ")
                .append(subnet.cidr())
                .append(" oifname != ")
                .append(bridge)
                .append(" masquerade\n  }\n}\n");
        return nft.toString();
    }

    /**
     * Where a sandbox's connection to the node's port goes: the node's loopback address when it
     * listens there or everywhere, its own address when it listens on one; {@code null} for IPv6,
     * which sandboxes do not have.
     */
    static InetAddress dnatTarget(InetSocketAddress node) {
        InetAddress address = node.getAddress();
        if (!(address instanceof Inet4Address)) {
            return null;
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return LOOPBACK;
        }
        return address;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String name) {
        return "\"" + name + "\"";
    }
}
