package dev.lamina.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.logging.Logger;

/**
 * The node's exposed directory, {@code <tmp>/lamina-node-<pid>-<random>}: what sandboxes read (runtime
 * clients, unpacked code, merged layers), where their uids can reach it. One per running node; those
 * of nodes that died without shutting down are swept at the next start.
 */
final class ExposedDirs {
    private static final Logger LOG = Logger.getLogger(ExposedDirs.class.getName());

    private ExposedDirs() {}

    static Path create() throws IOException {
        Path dir = Files.createTempDirectory(
                "lamina-node-" + ProcessHandle.current().pid() + "-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        return dir;
    }

    /** Removes the directories that nodes which died without shutting down left in the temp directory. */
    static void sweepStale() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var entries = Files.list(tmp)) {
            for (Path dir : entries.toList()) {
                String[] parts = dir.getFileName().toString().split("-");
                if (parts.length == 4 && parts[0].equals("lamina") && parts[1].equals("node")) {
                    try {
                        if (ProcessHandle.of(Long.parseLong(parts[2])).isEmpty()) {
                            delete(dir);
                        }
                    } catch (NumberFormatException e) {
                        // not one of ours
                    }
                }
            }
        } catch (IOException e) {
            LOG.fine("could not list " + tmp + ": " + e.getMessage());
        }
    }

    /**
     * Removes {@code dir} and what it holds. Another node may be sweeping the same dead node's
     * directory at the same time: files vanishing under the walk are not an error.
     */
    static void delete(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.UncheckedIOException e) {
            LOG.fine("could not remove all of " + dir + ": " + e.getMessage());
        } catch (IOException e) {
            LOG.warning("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
