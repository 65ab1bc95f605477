package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * Hostile functions try to break out of their execution environments; each attempt must fail as it
 * would on Lambda, and other functions and the node must keep serving.
 */
class IsolationIT extends NodeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Reports what it can see; used as the victim and as a witness. */
    static final String VICTIM = """
            import os
            SECRET = os.environ["SECRET"]
            with open("/tmp/victim-secret", "w") as f:
                f.write(SECRET)
            def handler(event, context):
                return {"api": os.environ["AWS_LAMBDA_RUNTIME_API"], "task": sorted(os.listdir("/var/task")),
                        "uid": os.getuid(), "stream": context.log_stream_name}
            """;

    @BeforeAll
    static void start() {
        assumeTrue(node.isolated(), "this host cannot sandbox (needs Linux, root, bubblewrap and cgroups)");
        Functions.create(
                lambda,
                Functions.request(
                                "iso-victim",
                                "python3.11",
                                "app.handler",
                                Zips.of("app.py", VICTIM)
                                        .add("victim-code.txt", "victim's code")
                                        .bytes())
                        .environment(e -> e.variables(Map.of("SECRET", "s3cr3t-victim")))
                        .build());
    }

    static void python(String name, String source, int memoryMb, int timeoutSeconds) {
        Functions.create(
                lambda,
                Functions.request(name, "python3.11", "app.handler", Functions.python(source))
                        .memorySize(memoryMb)
                        .timeout(timeoutSeconds)
                        .build());
    }

    static InvokeResponse invoke(String name, Object event) throws Exception {
        String payload = JSON.writeValueAsString(event);
        return lambda.invoke(r ->
                r.functionName(name).payload(SdkBytes.fromUtf8String(payload)).logType(LogType.TAIL));
    }

    static JsonNode json(InvokeResponse r) throws Exception {
        return JSON.readTree(r.payload().asByteArray());
    }

    static String tail(InvokeResponse r) {
        return new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
    }

    static void victimStillServes() throws Exception {
        InvokeResponse r = invoke("iso-victim", Map.of());
        assertNull(r.functionError(), r.payload().asUtf8String());
    }

    @Test
    void seesOnlyItsOwnFilesProcessesAndSecrets() throws Exception {
        JsonNode victim = json(invoke("iso-victim", Map.of()));
        python("iso-snoop", """
                import os, glob
                def attempt(f):
                    try:
                        return "READ: " + f()
                    except Exception as e:
                        return type(e).__name__
                def handler(event, context):
                    procs = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
                    environs = []
                    for p in procs:
                        try:
                            environs.append(open("/proc/%d/environ" % p, "rb").read().decode(errors="replace"))
                        except Exception:
                            pass
                    return {
                        "task": sorted(os.listdir("/var/task")),
                        "victimTmp": attempt(lambda: open("/tmp/victim-secret").read()),
                        "hostCode": attempt(lambda: str(os.listdir(event["hostCode"]))),
                        "hostData": attempt(lambda: str(os.listdir(event["hostData"]))),
                        "procs": procs,
                        "secretInEnvirons": any("s3cr3t-victim" in e for e in environs),
                        "root": sorted(os.listdir("/")),
                        "uid": os.getuid(),
                    }
                """, 128, 30); // reading every /proc/<pid>/environ took over 5 s on a loaded machine
        JsonNode seen = json(invoke(
                "iso-snoop",
                Map.of(
                        "hostCode", node.exposedDir().resolve("code").toString(),
                        "hostData", node.dataDir().toString())));
        assertEquals("[\"app.py\"]", seen.get("task").toString(), "only its own code at /var/task");
        assertEquals("FileNotFoundError", seen.get("victimTmp").asText(), "another function's /tmp");
        assertEquals("FileNotFoundError", seen.get("hostCode").asText(), "the node's unpacked code");
        assertEquals("FileNotFoundError", seen.get("hostData").asText(), "the node's data directory");
        assertFalse(seen.get("secretInEnvirons").asBoolean(), "another environment's variables");
        assertTrue(seen.get("procs").size() <= 4, "only its own processes: " + seen.get("procs"));
        assertFalse(
                seen.get("root").toString().contains("root"), seen.get("root").toString());
        assertEquals(993, seen.get("uid").asInt());
        assertEquals("[\"app.py\",\"victim-code.txt\"]", victim.get("task").toString());
        victimStillServes();
    }

    @Test
    void cannotWriteOutsideTmpNorSignalTheNode() throws Exception {
        python("iso-writer", """
                import os, signal
                def attempt(f):
                    try:
                        f()
                        return "DONE"
                    except Exception as e:
                        return type(e).__name__
                def write(path):
                    with open(path, "w") as f:
                        f.write("x")
                def handler(event, context):
                    return {
                        "usr": attempt(lambda: write("/usr/lamina-was-here")),
                        "etc": attempt(lambda: write("/etc/lamina-was-here")),
                        "task": attempt(lambda: write("/var/task/lamina-was-here")),
                        "runtime": attempt(lambda: write("/var/runtime/lamina-was-here")),
                        "tmp": attempt(lambda: write("/tmp/fine")),
                        "kill": attempt(lambda: os.kill(event["nodePid"], signal.SIGTERM)),
                    }
                """, 128, 5);
        JsonNode r = json(
                invoke("iso-writer", Map.of("nodePid", ProcessHandle.current().pid())));
        for (String where : new String[] {"usr", "etc", "task", "runtime"}) {
            assertTrue(r.get(where).asText().matches("OSError|PermissionError|FileNotFoundError"), where + ": " + r);
        }
        assertEquals("DONE", r.get("tmp").asText());
        assertEquals("ProcessLookupError", r.get("kill").asText(), "the node is not even visible");
        assertFalse(Files.exists(Path.of("/usr/lamina-was-here")));
        victimStillServes();
    }

    @Test
    void cannotReachAnotherEnvironmentsRuntimeApi() throws Exception {
        JsonNode victim = json(invoke("iso-victim", Map.of()));
        python("iso-thief", """
                import http.client, json
                def status(api, method, path, body=None):
                    host, port = api.split(":")
                    c = http.client.HTTPConnection(host, int(port), timeout=3)
                    try:
                        c.request(method, path, body=body)
                        return c.getresponse().status
                    except Exception as e:
                        return type(e).__name__
                    finally:
                        c.close()
                def handler(event, context):
                    api = event["api"]
                    return {
                        "next": status(api, "GET", "/2018-06-01/runtime/invocation/next"),
                        "respond": status(api, "POST", "/2018-06-01/runtime/invocation/x/response", b"{}"),
                        "initError": status(api, "POST", "/2018-06-01/runtime/init/error", b"{}"),
                    }
                """, 128, 10);
        JsonNode r = json(invoke("iso-thief", Map.of("api", victim.get("api").asText())));
        assertEquals(403, r.get("next").asInt(), r.toString());
        assertEquals(403, r.get("respond").asInt(), r.toString());
        assertEquals(403, r.get("initError").asInt(), r.toString());
        victimStillServes();
    }

    @Test
    void memoryPastTheLimitIsOutOfMemoryAndTheNextInvokeWorks() throws Exception {
        python(
                "iso-hog",
                """
                def handler(event, context):
                    if event.get("hog"):
                        chunks = []
                        while True:
                            chunks.append(bytearray(16 * 1024 * 1024))
                    if event.get("mb"):
                        block = bytearray(event["mb"] * 1024 * 1024)
                        return len(block)
                    return "small"
                """,
                128,
                30); // one clean-clone run took over 10 s for the 60 MB invoke (alone: 3-4 s for the test)
        InvokeResponse hog = invoke("iso-hog", Map.of("hog", true));
        assertEquals("Unhandled", hog.functionError());
        JsonNode doc = json(hog);
        assertEquals("Runtime.OutOfMemory", doc.get("errorType").asText(), doc.toString());
        assertTrue(
                doc.get("errorMessage").asText().endsWith("Runtime exited with error: signal: killed"), doc.toString());
        assertTrue(tail(hog).contains("\tStatus: error\tError Type: Runtime.OutOfMemory\t"), tail(hog));

        InvokeResponse big = invoke("iso-hog", Map.of("mb", 60));
        assertNull(big.functionError(), big.payload().asUtf8String());
        assertTrue(maxMemoryUsed(tail(big)) >= 60, tail(big));
        InvokeResponse small = invoke("iso-hog", Map.of());
        assertEquals("\"small\"", small.payload().asUtf8String());
        if (peakResets()) {
            assertTrue(maxMemoryUsed(tail(small)) < 60, "Max Memory Used is this invocation's peak: " + tail(small));
        } else {
            // cgroup v2 before Linux 6.12 cannot reset memory.peak: the figure is the environment's
            // peak so far, as the README says.
            assertTrue(maxMemoryUsed(tail(small)) >= 60, "the environment's peak so far: " + tail(small));
        }
        victimStillServes();
    }

    @Test
    void forkBombHurtsOnlyItsOwnEnvironment() throws Exception {
        python("iso-forkbomb", """
                import os, threading, time
                def handler(event, context):
                    forked = 0
                    failures = 0
                    deadline = time.time() + 8
                    while time.time() < deadline and failures < 20:
                        try:
                            if os.fork() == 0:
                                # each child holds 16 tasks: the limit is reached within dozens of
                                # forks, however slowly the host forks (emulated, or busy)
                                for _ in range(15):
                                    try:
                                        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
                                    except RuntimeError:
                                        break
                                time.sleep(30)
                                os._exit(0)
                            forked += 1
                        except OSError:
                            failures += 1
                    return {"forked": forked, "failures": failures}
                """, 3008, 30); // its own loop stops at 8 s; a fork near the pids limit can take long
        InvokeResponse r = invoke("iso-forkbomb", Map.of());
        JsonNode result = json(r);
        assertNull(r.functionError(), result.toString());
        assertTrue(result.get("forked").asInt() < 1024, result.toString());
        assertTrue(result.get("failures").asInt() > 0, "the pids limit stopped it: " + result);
        victimStillServes();
        String env = Sandboxes.environmentId(lastStream("/aws/lambda/iso-forkbomb"));
        lambda.deleteFunction(d -> d.functionName("iso-forkbomb"));
        Sandboxes.awaitNothingLeft(env);
    }

    @Test
    void aDaemonDoesNotOutliveItsEnvironment() throws Exception {
        python("iso-daemon", """
                import os, subprocess
                def handler(event, context):
                    if os.fork() == 0:
                        os.setsid()
                        if os.fork() == 0:
                            subprocess.call(["sleep", "600"])
                        os._exit(0)
                    return context.log_stream_name
                """, 128, 5);
        String env =
                Sandboxes.environmentId(json(invoke("iso-daemon", Map.of())).asText());
        assertTrue(Sandboxes.leftBehind(env));
        lambda.deleteFunction(d -> d.functionName("iso-daemon"));
        Sandboxes.awaitNothingLeft(env);
    }

    @Test
    void tmpIsLimitedToEphemeralStorage() throws Exception {
        Functions.create(
                lambda,
                Functions.request("iso-tmp", "python3.11", "app.handler", Functions.python("""
                        def handler(event, context):
                            written = 0
                            try:
                                with open("/tmp/fill", "wb") as f:
                                    block = b"x" * (1024 * 1024)
                                    for _ in range(700):
                                        f.write(block)
                                        written += 1
                                    f.flush()
                            except OSError as e:
                                return {"writtenMb": written, "error": e.errno}
                            return {"writtenMb": written, "error": None}
                        """))
                        .memorySize(1536)
                        .timeout(20)
                        .ephemeralStorage(s -> s.size(512))
                        .build());
        JsonNode r = json(invoke("iso-tmp", Map.of()));
        assertEquals(28, r.get("error").asInt(), "ENOSPC: " + r);
        assertTrue(r.get("writtenMb").asInt() <= 512, r.toString());
        assertEquals(
                512,
                lambda.getFunctionConfiguration(g -> g.functionName("iso-tmp"))
                        .ephemeralStorage()
                        .size());
    }

    @Test
    void idleEnvironmentsAreFrozenAndThawed() throws Exception {
        python("iso-freeze", """
                import threading, time
                ticks = 0
                def spin():
                    global ticks
                    while True:
                        ticks += 1
                        time.sleep(0.001)
                threading.Thread(target=spin, daemon=True).start()
                def handler(event, context):
                    return {"ticks": ticks, "stream": context.log_stream_name}
                """, 128, 5);
        JsonNode first = json(invoke("iso-freeze", Map.of()));
        String env = Sandboxes.environmentId(first.get("stream").asText());
        for (int i = 0; i < 100 && !Sandboxes.frozen(env); i++) {
            Thread.sleep(20);
        }
        assertTrue(Sandboxes.frozen(env), "an idle environment is frozen (cgroup " + cgroupVersion() + ")");
        JsonNode second = json(invoke("iso-freeze", Map.of()));
        assertEquals(first.get("stream"), second.get("stream"), "the same environment, thawed");
        assertTrue(second.get("ticks").asLong() >= first.get("ticks").asLong());
    }

    @Test
    void aSpareSandboxTakesTheNextColdStartAndHoldsOnlyThatFunction() throws Exception {
        // After a cold start of a runtime, the node starts a spare sandbox for it; the next cold
        // start of that runtime runs in the spare, which must hold only its own function's code.
        // A Python spare has its interpreter running already (decision 19): the function must see
        // what a freshly started one sees, and a start-up variable of its own makes it start afresh.
        String lister = "import os, sys\ndef handler(event, context):\n"
                + "    return {\"task\": sorted(os.listdir('/var/task')), \"stream\": context.log_stream_name,\n"
                + "            \"cmdline\": open('/proc/self/cmdline').read().split('\\0')[:-1],\n"
                + "            \"argv\": sys.argv, \"path\": sys.path, \"modules\": sorted(sys.modules),\n"
                + "            \"env\": {k: v for k, v in os.environ.items() if k not in ('AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_LOG_GROUP_NAME',"
                + " 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_LAMBDA_RUNTIME_API', '_X_AMZN_TRACE_ID')}}\n";
        // a has a /tmp of its own size, which no spare has: it starts afresh.
        lambda.createFunction(r -> r.functionName("iso-spare-a")
                .runtime("python3.11")
                .role(Functions.ROLE)
                .handler("app.handler")
                .ephemeralStorage(e -> e.size(1024))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(
                        Zips.of("app.py", lister).add("only-in-a.txt", "a").bytes()))));
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("iso-spare-a"));
        JsonNode a = json(invoke("iso-spare-a", Map.of()));
        String aEnv = Sandboxes.environmentId(a.get("stream").asText());
        Path nodeCgroup =
                Sandboxes.cgroupOf(aEnv, List.of(Sandboxes.nodesParent("pids"))).getParent();
        String spare = pythonSpare(nodeCgroup, java.util.Set.of(aEnv));
        Functions.create(
                lambda,
                "iso-spare-b",
                "python3.11",
                "app.handler",
                Zips.of("app.py", lister).add("only-in-b.txt", "b").bytes());
        JsonNode b = json(invoke("iso-spare-b", Map.of()));
        String bEnv = Sandboxes.environmentId(b.get("stream").asText());
        assertEquals(spare, bEnv, "the cold start ran in the spare");
        assertEquals("[\"app.py\",\"only-in-b.txt\"]", b.get("task").toString());
        assertEquals("[\"app.py\",\"only-in-a.txt\"]", a.get("task").toString());

        assertTrue(b.get("cmdline").toString().contains("preload.py"), "preloaded: " + b.get("cmdline"));
        assertTrue(a.get("cmdline").toString().contains("bootstrap"), "started afresh: " + a.get("cmdline"));
        for (String credential : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")) {
            // each environment holds credentials of its own; the rest of the environment is the same
            assertNotEquals(a.get("env").get(credential), b.get("env").get(credential), credential);
            ((com.fasterxml.jackson.databind.node.ObjectNode) a.get("env")).remove(credential);
            ((com.fasterxml.jackson.databind.node.ObjectNode) b.get("env")).remove(credential);
        }
        for (String field : List.of("argv", "path", "modules", "env")) {
            assertEquals(a.get(field), b.get(field), field + " as in a freshly started interpreter");
        }

        String next = pythonSpare(nodeCgroup, java.util.Set.of(aEnv, bEnv));
        lambda.createFunction(r -> r.functionName("iso-spare-c")
                .runtime("python3.11")
                .role(Functions.ROLE)
                .handler("app.handler")
                .environment(e -> e.variables(Map.of("PYTHONPATH", "/var/task/vendor")))
                .code(c -> c.zipFile(
                        SdkBytes.fromByteArray(Zips.of("app.py", lister).bytes()))));
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("iso-spare-c"));
        JsonNode c = json(invoke("iso-spare-c", Map.of()));
        String cEnv = Sandboxes.environmentId(c.get("stream").asText());
        assertEquals(next, cEnv, "c ran in the next spare");
        assertTrue(c.get("cmdline").toString().contains("bootstrap"), "started afresh: " + c.get("cmdline"));
        assertTrue(c.get("path").toString().contains("/var/task/vendor"), "PYTHONPATH applied: " + c.get("path"));
        assertEquals("/var/task/vendor", c.get("env").get("PYTHONPATH").asText());

        // The loader of the preloaded interpreter found /var/task/lib missing when it started; a
        // function that brings one must load its libraries from it all the same.
        String third = pythonSpare(nodeCgroup, java.util.Set.of(aEnv, bEnv, cEnv));
        Functions.create(
                lambda,
                "iso-spare-d",
                "python3.11",
                "app.handler",
                Zips.of(
                                "app.py",
                                "import ctypes, os\ndef handler(event, context):\n"
                                        + "    ctypes.CDLL('libmine.so')\n"
                                        + "    return {\"stream\": context.log_stream_name}\n")
                        .add("lib/libmine.so", Files.readAllBytes(hostLibrary("libz.so.1")), 0644)
                        .bytes());
        InvokeResponse dr = invoke("iso-spare-d", Map.of());
        assertEquals(null, dr.functionError(), dr.payload().asUtf8String());
        JsonNode d = json(dr);
        assertEquals(third, Sandboxes.environmentId(d.get("stream").asText()), "d ran in the next spare");
    }

    @Test
    void aNodeSpareRunsItsFunctionAsAFreshlyStartedNodeWould() throws Exception {
        // A Node.js spare runs its interpreter ahead of demand for one memory size (decision 53): a
        // function of that size sees what a freshly started Node shows it; a start-up variable of its
        // own, another memory size or a library directory of its own makes it start afresh.
        String lister = """
                const fs = require('fs');
                exports.handler = async (event, context) => {
                  let library;
                  try { process.dlopen({ exports: {} }, 'libmine.so'); } catch (e) { library = e.message; }
                  return { stream: context.logStreamName, stackLimit: Error.stackTraceLimit, library,
                    cmdline: fs.readFileSync('/proc/self/cmdline', 'utf8').split('\\0').slice(0, -1),
                    argv: process.argv, execArgv: process.execArgv, main: require.main.filename,
                    cache: Object.keys(require.cache), paths: module.paths,
                    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !['AWS_LAMBDA_FUNCTION_NAME',
                      'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_LAMBDA_RUNTIME_API',
                      '_X_AMZN_TRACE_ID', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'].includes(k))) };
                };
                """;
        // a has a /tmp of its own size, which no spare has: it starts afresh.
        lambda.createFunction(r -> r.functionName("iso-node-a")
                .runtime("nodejs20.x")
                .role(Functions.ROLE)
                .handler("index.handler")
                .ephemeralStorage(e -> e.size(1024))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(Functions.node(lister)))));
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("iso-node-a"));
        JsonNode a = json(invoke("iso-node-a", Map.of()));
        String aEnv = Sandboxes.environmentId(a.get("stream").asText());
        Path nodeCgroup =
                Sandboxes.cgroupOf(aEnv, List.of(Sandboxes.nodesParent("pids"))).getParent();
        Set<String> seen = new java.util.HashSet<>(Set.of(aEnv));

        String spare = spare(nodeCgroup, seen, "preload.cjs");
        Functions.create(lambda, "iso-node-b", "nodejs20.x", "index.handler", Functions.node(lister));
        JsonNode b = json(invoke("iso-node-b", Map.of()));
        String bEnv = Sandboxes.environmentId(b.get("stream").asText());
        seen.add(bEnv);
        assertEquals(spare, bEnv, "b ran in the spare");
        assertTrue(b.get("cmdline").toString().contains("preload.cjs"), "preloaded: " + b.get("cmdline"));
        assertTrue(a.get("cmdline").toString().contains("bootstrap.cjs"), "started afresh: " + a.get("cmdline"));
        for (String field : List.of("argv", "execArgv", "main", "cache", "paths", "env", "stackLimit", "library")) {
            assertEquals(a.get(field), b.get(field), field + " as in a freshly started Node");
        }

        // c sets a variable Node reads while it starts: the spare stays for d, and c's option applies
        String next = spare(nodeCgroup, seen, "preload.cjs");
        Functions.create(
                lambda,
                Functions.request("iso-node-c", "nodejs20.x", "index.handler", Functions.node(lister))
                        .environment(e -> e.variables(Map.of("NODE_OPTIONS", "--stack-trace-limit=3")))
                        .build());
        JsonNode c = json(invoke("iso-node-c", Map.of()));
        seen.add(Sandboxes.environmentId(c.get("stream").asText()));
        assertTrue(c.get("cmdline").toString().contains("bootstrap.cjs"), "started afresh: " + c.get("cmdline"));
        assertEquals(3, c.get("stackLimit").asInt(), "NODE_OPTIONS applied");

        // d brings lib/: the loader of the waiting Node found /var/task/lib missing and would never look
        Functions.create(
                lambda,
                "iso-node-d",
                "nodejs20.x",
                "index.handler",
                Zips.of("index.js", lister)
                        .add("lib/libmine.so", Files.readAllBytes(hostLibrary("libz.so.1")), 0644)
                        .bytes());
        JsonNode d = json(invoke("iso-node-d", Map.of()));
        seen.add(Sandboxes.environmentId(d.get("stream").asText()));
        assertTrue(d.get("cmdline").toString().contains("bootstrap.cjs"), "started afresh: " + d.get("cmdline"));
        assertTrue(d.get("library").asText().contains("did not self-register"), "lib/ searched: " + d.get("library"));
        assertTrue(
                a.get("library").asText().contains("cannot open shared object"),
                a.get("library").asText());

        assertEquals(next, spare(nodeCgroup, seen, "preload.cjs"), "the spare waited through c and d");

        // e has another memory size: the spare (for 128 MB) goes, e starts afresh, and the next spare
        // is started for e's size, which f then takes
        JsonNode[] larger = new JsonNode[2];
        String forLarger = null;
        for (int i = 0; i < 2; i++) {
            String name = "iso-node-" + "ef".charAt(i);
            Functions.create(
                    lambda,
                    Functions.request(name, "nodejs20.x", "index.handler", Functions.node(lister))
                            .memorySize(512)
                            .build());
            larger[i] = json(invoke(name, Map.of()));
            seen.add(Sandboxes.environmentId(larger[i].get("stream").asText()));
            if (i == 0) {
                forLarger = spare(nodeCgroup, seen, "preload.cjs");
                // Node sizes itself by its cgroup's limit as it starts: the spare's is e's size already
                Path memory = Sandboxes.cgroupOf(forLarger, List.of(Sandboxes.nodesParent("memory")));
                assertEquals(
                        512L * 1024 * 1024,
                        Long.parseLong(Files.readString(
                                        memory.resolve(Sandboxes.cgroupV2() ? "memory.max" : "memory.limit_in_bytes"))
                                .strip()));
            }
        }
        assertTrue(larger[0].get("cmdline").toString().contains("bootstrap.cjs"), "e started afresh");
        assertEquals("[\"--max-old-space-size=435\"]", larger[0].get("execArgv").toString());
        assertEquals(forLarger, Sandboxes.environmentId(larger[1].get("stream").asText()), "f ran in the spare");
        assertTrue(larger[1].get("cmdline").toString().contains("preload.cjs"), "f preloaded");
        assertEquals(larger[0].get("execArgv"), larger[1].get("execArgv"));
    }

    /** A shared library of the host, wherever its distribution keeps it. */
    private static Path hostLibrary(String name) throws java.io.IOException {
        for (String dir : List.of(
                "/lib/x86_64-linux-gnu",
                "/usr/lib/x86_64-linux-gnu",
                "/lib/aarch64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu",
                "/usr/lib64",
                "/lib64",
                "/usr/lib")) {
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p)) {
                return p.toRealPath();
            }
        }
        throw new java.io.IOException(name + " not found on this host");
    }

    private static String pythonSpare(Path nodeCgroup, java.util.Set<String> not) throws Exception {
        return spare(nodeCgroup, not, "preload.py");
    }

    /**
     * The id of the spare sandbox under the node's cgroup, other than {@code not}, whose preloaded
     * interpreter runs {@code preloader}, once there is one.
     */
    private static String spare(Path nodeCgroup, java.util.Set<String> not, String preloader) throws Exception {
        for (int i = 0; i < 400; i++) {
            try (var dirs = Files.list(nodeCgroup)) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    String id = dir.getFileName().toString();
                    if (id.matches("[0-9a-f]{32}") && !not.contains(id) && waitsAsSpare(dir, preloader)) {
                        return id;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no spare sandbox running " + preloader + " appeared under " + nodeCgroup);
    }

    /**
     * A preloaded interpreter still waiting in {@code read(0, …)} for its function (one that took its
     * function keeps the same command line, but waits on its Runtime API socket instead).
     */
    private static boolean waitsAsSpare(Path cgroup, String preloader) {
        try {
            for (String pid : Files.readAllLines(cgroup.resolve("cgroup.procs"))) {
                Path proc = Path.of("/proc", pid.trim());
                if (Files.readString(proc.resolve("cmdline")).contains(preloader)
                        && Files.readString(proc.resolve("syscall")).startsWith("0 0x0 ")) {
                    return true;
                }
            }
        } catch (java.io.IOException e) {
            // the process or its cgroup went away meanwhile
        }
        return false;
    }

    static String cgroupVersion() {
        return Sandboxes.cgroupV2() ? "v2" : "v1";
    }

    /**
     * Whether the node can start a new peak-memory window per invocation: always on cgroup v1
     * (memory.max_usage_in_bytes), on v2 from Linux 6.12 (a write to memory.peak).
     */
    static boolean peakResets() {
        if (!Sandboxes.cgroupV2()) {
            return true;
        }
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(System.getProperty("os.version"));
        return m.find()
                && (Integer.parseInt(m.group(1)) > 6
                        || Integer.parseInt(m.group(1)) == 6 && Integer.parseInt(m.group(2)) >= 12);
    }

    private static long maxMemoryUsed(String tail) {
        Matcher m = Pattern.compile("Max Memory Used: (\\d+) MB").matcher(tail);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    private static String lastStream(String group) {
        try (var logs = node.logs()) {
            return logs.describeLogStreams(r -> r.logGroupName(group))
                    .logStreams()
                    .getLast()
                    .logStreamName();
        }
    }
}
