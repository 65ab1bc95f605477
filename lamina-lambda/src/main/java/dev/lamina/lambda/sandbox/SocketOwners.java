package dev.lamina.lambda.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Finds which uid owns the client end of a loopback TCP connection, from the kernel's socket tables
 * ({@code /proc/net/tcp} and {@code tcp6}). Sandboxes share the host's network namespace and each
 * runs as its own uid, so this tells which environment is calling. It asks by netlink sock_diag
 * (an exact lookup); only where that finds nothing does it read the tables, which walks the kernel's
 * whole connection hash (milliseconds on a large machine). Callers cache the answer for a connection.
 *
 * <p>Netlink's "nothing" is not trusted alone: the kernel answers the same ENOENT for "no such
 * socket" and for "no TCP handler" (the {@code tcp_diag} module absent or not loadable: kernels
 * built without it, containers and guests without the running kernel's modules). So an empty
 * netlink answer is checked in the tables; once the tables find a socket netlink missed, netlink is
 * not asked again (each such ask makes the kernel try to load the module).
 */
public final class SocketOwners {
    private final List<Path> tables;

    private final Lookup netlink;

    /** Netlink missed a socket the tables have: its TCP lookups do not work on this kernel. */
    private volatile boolean netlinkBlind;

    /**
     * One exact lookup: the owner's uid, empty when it finds no such socket, {@code null} when it
     * cannot ask.
     */
    @FunctionalInterface
    interface Lookup {
        OptionalInt uidOf(int clientPort, int serverPort);
    }

    /** Asks the kernel by netlink, falling back to the tables under {@code procNet}. */
    public SocketOwners(Path procNet) {
        this(procNet, SockDiag::uidOfLoopback);
        SockDiag.uidOfLoopback(0, 0); // links the native calls now, not in a cold start
    }

    SocketOwners(Path procNet, Lookup netlink) {
        this.tables = List.of(procNet.resolve("tcp"), procNet.resolve("tcp6"));
        this.netlink = netlink;
    }

    /**
     * The uid owning the socket whose local port is {@code clientPort} and remote port is
     * {@code serverPort}, or empty if there is none.
     */
    public OptionalInt uidOf(int clientPort, int serverPort) {
        OptionalInt diag = netlinkBlind ? null : netlink.uidOf(clientPort, serverPort);
        if (diag != null && diag.isPresent()) {
            return diag;
        }
        OptionalInt listed = fromTables(clientPort, serverPort);
        if (diag != null && listed.isPresent()) {
            netlinkBlind = true;
        }
        return listed;
    }

    private OptionalInt fromTables(int clientPort, int serverPort) {
        String local = String.format(":%04X", clientPort);
        String remote = String.format(":%04X", serverPort);
        for (Path table : tables) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                continue;
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length > 7 && f[1].endsWith(local) && f[2].endsWith(remote)) {
                    return OptionalInt.of(Integer.parseInt(f[7]));
                }
            }
        }
        return OptionalInt.empty();
    }
}
