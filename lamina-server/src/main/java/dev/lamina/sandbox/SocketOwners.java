package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Finds which uid owns the client end of a loopback TCP connection, from the kernel's socket tables
 * ({@code /proc/net/tcp} and {@code tcp6}). Sandboxes share the host's network namespace and each
 * runs as its own uid, so this tells which environment is calling. Reading a table walks the
 * kernel's whole connection hash (milliseconds on a large machine), so callers cache the answer for
 * a connection, and IPv4's table is read first.
 */
public final class SocketOwners {
    private final List<Path> tables;

    public SocketOwners(Path procNet) {
        this.tables = List.of(procNet.resolve("tcp"), procNet.resolve("tcp6"));
    }

    /**
     * The uid owning the socket whose local port is {@code clientPort} and remote port is
     * {@code serverPort}, or empty if there is none.
     */
    public OptionalInt uidOf(int clientPort, int serverPort) {
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
