package dev.lamina.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds a function's processes on the host, whatever pid namespace the sandbox gives them, by a
 * marker: a test gives the function the variable {@link #VARIABLE} with a value of its own, and the
 * function's code (starting with {@link #PYTHON_MARK}) names its process after it ({@code /proc/<pid>/comm}),
 * since a runtime started from a spare sandbox got its variables after it started and so does not
 * show them in {@code /proc/<pid>/environ}. A process that has the variable there counts too.
 * Reading other processes' environments needs the test to run as root, as the integration tests do.
 */
final class HostProcesses {
    static final String VARIABLE = "LAMINA_IT_MARKER";

    /** Python that names the process {@code lm-<marker>}; put it first in a function's code. */
    static final String PYTHON_MARK = """
            import ctypes as _ctypes, os as _os
            _ctypes.CDLL(None).prctl(15, ("lm-" + _os.environ["LAMINA_IT_MARKER"]).encode(), 0, 0, 0)
            """;

    private HostProcesses() {}

    /** A marker of twelve characters: with "lm-" it fills a process name (15 bytes at most). */
    static String newMarker() {
        return java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The host pids of the live (not zombie) processes whose environment holds {@code VARIABLE=marker}. */
    static List<Long> marked(String marker) {
        byte[] wanted = (VARIABLE + "=" + marker).getBytes(StandardCharsets.UTF_8);
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            for (Path dir :
                    proc.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                if ((named(dir, "lm-" + marker) || holds(dir, wanted)) && !zombie(dir)) {
                    pids.add(Long.parseLong(dir.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return pids;
    }

    private static boolean holds(Path dir, byte[] wanted) {
        try {
            byte[] environ = Files.readAllBytes(dir.resolve("environ"));
            int start = 0;
            for (int i = 0; i <= environ.length; i++) {
                if (i == environ.length || environ[i] == 0) {
                    if (i - start == wanted.length
                            && java.util.Arrays.equals(environ, start, i, wanted, 0, wanted.length)) {
                        return true;
                    }
                    start = i + 1;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // gone meanwhile, or not ours to read
        }
    }

    private static boolean named(Path dir, String name) {
        try {
            return Files.readString(dir.resolve("comm")).strip().equals(name);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean zombie(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }
}
