package dev.lamina.lambda.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.lambda.environment.Preload.Fit;
import dev.lamina.lambda.runtime.RuntimePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreloadTest {
    private static final RuntimePaths SANDBOX =
            new RuntimePaths(Path.of("/var/task"), Path.of("/var/runtime"), Path.of("/opt"), false);
    private static final List<String> NODE_128 = List.of("/usr/bin/node", "--max-old-space-size=108");
    private static final List<String> FUNCTION_128 =
            List.of("/usr/bin/node", "--max-old-space-size=108", "/var/runtime/nodejs/bootstrap.cjs");

    private final Preload preload = new Preload(NODE_128, RuntimeEnvironment.defaults("nodejs20.x", SANDBOX), SANDBOX);

    @TempDir
    Path dir;

    @Test
    void runsAFunctionThatWouldStartAsItDidWhoseVariablesLeaveItsStartAlone() throws Exception {
        Path task = Files.createDirectory(dir.resolve("task"));
        assertEquals(Fit.RUNS, preload.fit(FUNCTION_128, Map.of(), task, null));
        assertEquals(
                Fit.RUNS, preload.fit(FUNCTION_128, Map.of("TABLE", "t", "AWS_ENDPOINT_URL", "http://x"), task, null));
        assertEquals(
                Fit.RUNS,
                preload.fit(FUNCTION_128, Map.of("LANG", "en_US.UTF-8", "TZ", ":UTC"), task, null),
                "the same values");
    }

    @Test
    void aRuntimeWhoseFunctionsNowStartOtherwiseMakesItStale() throws Exception {
        Path task = Files.createDirectory(dir.resolve("task"));
        List<String> larger = List.of("/usr/bin/node", "--max-old-space-size=217", "/var/runtime/nodejs/bootstrap.cjs");
        assertEquals(Fit.STALE, preload.fit(larger, Map.of(), task, null), "its heap limit is set for 128 MB");
        assertEquals(Fit.STALE, preload.fit(NODE_128, Map.of(), task, null), "no script");
    }

    @Test
    void aVariableReadWhileTheProcessStartsMakesTheFunctionStartAfresh() throws Exception {
        Path task = Files.createDirectory(dir.resolve("task"));
        for (String name : new String[] {
            "NODE_OPTIONS",
            "NODE_EXTRA_CA_CERTS",
            "NODE_PATH",
            "UV_THREADPOOL_SIZE",
            "LD_PRELOAD",
            "LD_LIBRARY_PATH",
            "LC_ALL",
            "LANG",
            "TZ",
            "OPENSSL_CONF",
            "SSL_CERT_FILE",
            "MALLOC_ARENA_MAX",
            "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS",
            "_JAVA_OPTIONS"
        }) {
            assertEquals(Fit.ELSEWHERE, preload.fit(FUNCTION_128, Map.of(name, "/elsewhere"), task, null), name);
        }
    }

    @Test
    void aLibraryDirectoryOfTheFunctionsOwnMakesItStartAfresh() throws Exception {
        Path task = Files.createDirectory(dir.resolve("task"));
        Path opt = Files.createDirectory(dir.resolve("opt"));
        Files.createDirectory(task.resolve("node_modules"));
        assertEquals(Fit.RUNS, preload.fit(FUNCTION_128, Map.of(), task, opt), "/var/task and /opt were there");
        Files.createDirectory(opt.resolve("lib"));
        assertEquals(Fit.ELSEWHERE, preload.fit(FUNCTION_128, Map.of(), task, opt), "/opt/lib");
        assertEquals(Fit.RUNS, preload.fit(FUNCTION_128, Map.of(), task, null), "no layers: /opt stays empty");
        Files.createDirectory(task.resolve("lib"));
        assertEquals(Fit.ELSEWHERE, preload.fit(FUNCTION_128, Map.of(), task, null), "/var/task/lib");
    }
}
