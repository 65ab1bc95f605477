package dev.lamina.lambda.environment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.lambda.runtime.RuntimePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodePreloadTest {
    private static final RuntimePaths SANDBOX =
            new RuntimePaths(Path.of("/var/task"), Path.of("/var/runtime"), Path.of("/opt"), false);

    private final NodePreload preload =
            new NodePreload(128, RuntimeEnvironment.defaults("nodejs20.x", SANDBOX), SANDBOX);

    @TempDir
    Path dir;

    @Test
    void runsAFunctionOfItsMemorySizeWhoseVariablesLeaveItsStartAlone() throws Exception {
        Path task = Files.createDirectory(dir.resolve("task"));
        assertTrue(preload.runs(128, Map.of(), task, null));
        assertTrue(preload.runs(128, Map.of("TABLE", "t", "AWS_ENDPOINT_URL", "http://x"), task, null));
        assertTrue(preload.runs(128, Map.of("LANG", "en_US.UTF-8", "TZ", ":UTC"), task, null), "the same values");
        assertFalse(preload.runs(256, Map.of(), task, null), "its heap limit is set for 128 MB");
    }

    @Test
    void aVariableReadWhileNodeStartsMakesItStartAfresh() throws Exception {
        Path task = Files.createDirectory(dir.resolve("task"));
        for (String name : new String[] {
            "NODE_OPTIONS", "NODE_EXTRA_CA_CERTS", "NODE_PATH", "UV_THREADPOOL_SIZE", "LD_PRELOAD", "LD_LIBRARY_PATH",
            "LC_ALL", "LANG", "TZ", "OPENSSL_CONF", "SSL_CERT_FILE", "MALLOC_ARENA_MAX"
        }) {
            assertFalse(preload.runs(128, Map.of(name, "/elsewhere"), task, null), name);
        }
    }

    @Test
    void aLibraryDirectoryOfTheFunctionsOwnMakesItStartAfresh() throws Exception {
        Path task = Files.createDirectory(dir.resolve("task"));
        Path opt = Files.createDirectory(dir.resolve("opt"));
        Files.createDirectory(task.resolve("node_modules"));
        assertTrue(preload.runs(128, Map.of(), task, opt), "/var/task and /opt themselves were there");
        Files.createDirectory(opt.resolve("lib"));
        assertFalse(preload.runs(128, Map.of(), task, opt), "/opt/lib");
        assertTrue(preload.runs(128, Map.of(), task, null), "no layers: /opt stays empty");
        Files.createDirectory(task.resolve("lib"));
        assertFalse(preload.runs(128, Map.of(), task, null), "/var/task/lib");
    }
}
