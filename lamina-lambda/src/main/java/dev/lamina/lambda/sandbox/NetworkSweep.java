package dev.lamina.lambda.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Finds and removes what nodes made on the host for their sandboxes' networks: namespaces (under
 * {@code /run/netns}), veths and bridges (under {@code /sys/class/net}) and nftables tables, chosen
 * by name ({@link NetworkNames}). Best effort: what cannot be removed now is tried at the next start.
 */
final class NetworkSweep {
    private static final Logger LOG = Logger.getLogger(NetworkSweep.class.getName());

    private NetworkSweep() {}

    /** Whether {@code name} is Lamina's and its node's pid is gone. */
    static boolean ofDeadNode(String name) {
        return NetworkNames.ownerPid(name)
                .map(pid -> ProcessHandle.of(pid).isEmpty())
                .orElse(false);
    }

    static void remove(SandboxNetwork.Tools tools, Predicate<String> whose) {
        List<String> namespaces = names(SandboxNetwork.namespaces()).stream()
                .filter(n -> n.startsWith(NetworkNames.NAMESPACE_PREFIX))
                .filter(whose)
                .toList();
        List<String> links = names(SandboxNetwork.interfaces()).stream()
                .filter(n -> n.startsWith(NetworkNames.VETH_PREFIX) || n.startsWith(NetworkNames.BRIDGE_PREFIX))
                .filter(whose)
                .sorted() // veths ("lv…") after their bridges ("lb…") is fine: deleting a bridge frees its ports
                .toList();
        StringBuilder ip = new StringBuilder();
        links.forEach(l -> ip.append("link del ").append(l).append('\n'));
        namespaces.forEach(n -> ip.append("netns del ").append(n).append('\n'));
        if (!ip.isEmpty()) {
            run(List.of(tools.ip(), "-force", "-batch", "-"), ip.toString());
        }
        List<String> tables = new ArrayList<>();
        try {
            String listed = HostCommand.run(List.of(tools.nft(), "list", "tables", "ip"), "");
            listed.lines()
                    .map(String::strip)
                    .filter(l -> l.startsWith("table ip " + NetworkNames.TABLE_PREFIX))
                    .map(l -> l.substring("table ip ".length()))
                    .filter(whose)
                    .forEach(tables::add);
        } catch (IOException e) {
            LOG.log(Level.FINE, "listing nftables tables", e);
        }
        if (!tables.isEmpty()) {
            StringBuilder nft = new StringBuilder();
            tables.forEach(t -> nft.append("delete table ip ").append(t).append('\n'));
            run(List.of(tools.nft(), "-f", "-"), nft.toString());
        }
        if (!namespaces.isEmpty() || !links.isEmpty() || !tables.isEmpty()) {
            LOG.fine("removed network leftovers: " + namespaces + " " + links + " " + tables);
        }
    }

    private static void run(List<String> argv, String script) {
        try {
            HostCommand.run(argv, script);
        } catch (IOException e) {
            LOG.log(Level.FINE, "removing network leftovers", e);
        }
    }

    private static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
