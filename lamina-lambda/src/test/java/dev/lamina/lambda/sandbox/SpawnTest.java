package dev.lamina.lambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SpawnTest {
    /**
     * bubblewrap's --die-with-parent is the kernel's parent-death signal, which follows the thread
     * that forked the process; {@code setpriv --pdeathsig KILL} sets the same signal on a plain one.
     */
    @Test
    void aProcessOutlivesTheThreadThatAskedForIt() throws Exception {
        Path dir = Files.createTempDirectory("lamina-spawn-test-");
        AtomicReference<Process> started = new AtomicReference<>();
        try {
            Thread asker = Thread.ofPlatform().start(() -> {
                try {
                    started.set(Spawn.start(
                            List.of("/usr/bin/setpriv", "--pdeathsig", "KILL", "/bin/sleep", "30"),
                            Map.of("PATH", "/usr/bin:/bin"),
                            dir,
                            dir.resolve("output")));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            asker.join();
            // the parent-death signal comes at once when it comes: a process still running 300 ms on did not get it
            assertFalse(
                    started.get().waitFor(300, TimeUnit.MILLISECONDS),
                    "killed when the thread that asked for it ended");
        } finally {
            if (started.get() != null) {
                started.get().destroyForcibly().waitFor();
            }
            Files.deleteIfExists(dir.resolve("output"));
            Files.delete(dir);
        }
    }
}
