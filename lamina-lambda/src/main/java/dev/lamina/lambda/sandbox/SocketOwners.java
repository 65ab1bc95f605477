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
 * (an exact lookup); only where that fails does it read the tables, which walks the kernel's whole
 * connection hash (milliseconds on a large machine). Callers cache the answer for a connection.
 */
public final class SocketOwners {
    private final List<Path> tables;

    private final boolean useNetlink;

    /** Asks the kernel by netlink, falling back to the tables under {@code procNet}. */
    public SocketOwners(Path procNet) {
        this(procNet, true);
    }

    SocketOwners(Path procNet, boolean useNetlink) {
        this.tables = List.of(procNet.resolve("tcp"), procNet.resolve("tcp6"));
        this.useNetlink = useNetlink;
        if (useNetlink) {
            SockDiag.uidOfLoopback(0, 0); // links the native calls now, not in a cold start
        }
    }

    /**
     * The uid owning the socket whose local port is {@code clientPort} and remote port is
     * {@code serverPort}, or empty if there is none.
     */
    public OptionalInt uidOf(int clientPort, int serverPort) {
        if (useNetlink) {
            OptionalInt diag = SockDiag.uidOfLoopback(clientPort, serverPort);
            if (diag != null) {
                return diag;
            }
        }
        return fromTables(clientPort, serverPort);
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
