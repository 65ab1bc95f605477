package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * What functions see of their layers: merged at {@code /opt} in order, read-only, on each runtime's
 * search paths as on Lambda (Python, Node.js, Java, a custom runtime), also in spare sandboxes and
 * after the layer version is deleted.
 */
class LayerContentIT extends NodeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger SEQ = new AtomicInteger();

    static String name(String prefix) {
        return "layc-" + prefix + "-" + SEQ.incrementAndGet();
    }

    /** Publishes {@code zip} as a new layer; returns its version ARN. */
    static String publish(String prefix, byte[] zip) {
        return lambda.publishLayerVersion(
                        r -> r.layerName(name(prefix)).content(c -> c.zipFile(SdkBytes.fromByteArray(zip))))
                .layerVersionArn();
    }

    static String create(String prefix, String runtime, String handler, byte[] zip, String... layers) {
        String fn = name(prefix);
        Functions.create(
                lambda,
                // These tests are about what a layer makes visible, not time: a cold Java start on a busy
                // 2-core machine can outlast Lambda's default 3 s.
                Functions.request(fn, runtime, handler, zip)
                        .layers(layers)
                        .timeout(30)
                        .build());
        return fn;
    }

    static JsonNode invoke(String fn, String payload) throws Exception {
        InvokeResponse r =
                lambda.invoke(i -> i.functionName(fn).logType(LogType.TAIL).payload(SdkBytes.fromUtf8String(payload)));
        assertNull(
                r.functionError(),
                () -> r.payload().asUtf8String() + "\n"
                        + new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8));
        return JSON.readTree(r.payload().asByteArray());
    }

    @Test
    void pythonImportsFromOptPythonAndItsSitePackages() throws Exception {
        String layer = publish(
                "py",
                new Zips()
                        .add("python/pure.py", "VALUE = 'pure'\n")
                        .add("python/lib/python3.11/site-packages/sitepkg/__init__.py", "NAME = 'site'\n")
                        .bytes());
        String fn = create("py", "python3.11", "app.handler", Functions.python("""
                import os, pure, sitepkg
                def handler(event, context):
                    return {"pure": pure.VALUE, "site": sitepkg.NAME, "file": pure.__file__,
                            "path": os.environ["PATH"], "ld": os.environ["LD_LIBRARY_PATH"]}
                """), layer);
        JsonNode out = invoke(fn, "{}");
        assertEquals("pure", out.get("pure").asText());
        assertEquals("site", out.get("site").asText());
        if (node.isolated()) {
            assertEquals("/opt/python/pure.py", out.get("file").asText());
            assertTrue(out.get("path").asText().endsWith(":/opt/bin"), out.toString());
            assertTrue(out.get("ld").asText().endsWith(":/opt/lib"), out.toString());
        }
    }

    @Test
    void nodeRequiresPackagesFromTheLayersNodeModules() throws Exception {
        String layer = publish(
                "js",
                new Zips()
                        .add("nodejs/node_modules/greeter/index.js", "module.exports = n => 'hello ' + n;\n")
                        .add("nodejs/node20/node_modules/versioned/index.js", "module.exports = 'for node 20';\n")
                        .bytes());
        String fn = create("js", "nodejs20.x", "index.handler", Functions.node("""
                const greeter = require('greeter');
                const versioned = require('versioned');
                exports.handler = async (event) => ({greeting: greeter(event.name), versioned});
                """), layer);
        JsonNode out = invoke(fn, "{\"name\":\"layers\"}");
        assertEquals("hello layers", out.get("greeting").asText());
        assertEquals("for node 20", out.get("versioned").asText());
    }

    static final String GREETING = """
            package lib;

            public final class Greeting {
                public static String of(String name) {
                    return "Hi " + name + ", from a jar in a layer";
                }
            }
            """;

    static final String USES_LAYER = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.Map;

            public class UsesLayer implements RequestHandler<Map<String, Object>, String> {
                @Override
                public String handleRequest(Map<String, Object> event, Context context) {
                    return lib.Greeting.of((String) event.get("name"));
                }
            }
            """;

    @Test
    void javaLoadsClassesFromJarsInOptJavaLib() throws Exception {
        JavaPackages.Jar library = JavaPackages.compile(GREETING).jar("greeting.jar");
        JavaPackages.Classes handler = JavaPackages.compile(List.of(library), USES_LAYER);
        byte[] withoutLibrary = new JavaPackages.Classes(handler.classes(), List.of()).zip();
        String layer = publish(
                "java",
                new Zips().add("java/lib/greeting.jar", library.bytes(), 0644).bytes());
        String fn = create("java", "java25", "example.UsesLayer", withoutLibrary, layer);
        assertEquals(
                "Hi Ada, from a jar in a layer",
                invoke(fn, "{\"name\":\"Ada\"}").asText());

        String without = create("java-none", "java25", "example.UsesLayer", withoutLibrary);
        InvokeResponse r = lambda.invoke(i -> i.functionName(without).payload(SdkBytes.fromUtf8String("{}")));
        assertEquals("Unhandled", r.functionError(), "without the layer the class is missing");
        assertTrue(
                r.payload().asUtf8String().contains("lib/Greeting"), r.payload().asUtf8String());
    }

    /** A custom runtime answering each invocation with what {@code command} prints. */
    static String shellRuntime(String command) {
        return """
                #!/bin/sh
                set -eu
                api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
                while true; do
                  headers="$(mktemp)"
                  curl -sS -D "$headers" -o /dev/null "$api/invocation/next"
                  id="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d: -f2 | tr -d ' \\r\\n')"
                  rm -f "$headers"
                  curl -sS -X POST "$api/invocation/$id/response" -d "\\"$(%s)\\"" >/dev/null
                done
                """.formatted(command);
    }

    @Test
    void customRuntimesRunBinariesFromOptBinAndABootstrapFromOpt() throws Exception {
        String tool = publish(
                "tool",
                new Zips()
                        .executable("bin/layer-tool", "#!/bin/sh\necho tool-from-layer\n")
                        .bytes());
        String fn = create(
                "prov",
                "provided.al2023",
                "x",
                new Zips().executable("bootstrap", shellRuntime("layer-tool")).bytes(),
                tool);
        assertEquals("tool-from-layer", invoke(fn, "{}").asText());

        // A package without a bootstrap runs the one a layer puts at /opt/bootstrap, as Lambda does.
        String runtime = publish(
                "runtime",
                new Zips()
                        .executable("bootstrap", shellRuntime("cat $LAMBDA_TASK_ROOT/greeting.txt"))
                        .bytes());
        String fromOpt = create(
                "prov-opt",
                "provided.al2023",
                "x",
                Zips.of("greeting.txt", "bootstrap from a layer").bytes(),
                runtime);
        assertEquals("bootstrap from a layer", invoke(fromOpt, "{}").asText());
    }

    static final byte[] READ_SHARED = Functions.python("""
            import os, shared
            def handler(event, context):
                # (a plain process runs as the node's user, and Python caches bytecode where it may)
                found = sorted(f for f in os.listdir(os.path.dirname(shared.__file__)) if f != "__pycache__")
                return {"value": shared.VALUE, "files": found}
            """);

    @Test
    void laterLayersOverrideFilesOfEarlierOnes() throws Exception {
        String a = publish(
                "a",
                new Zips()
                        .add("python/shared.py", "VALUE = 'a'\n")
                        .add("python/only_a.py", "")
                        .bytes());
        String b = publish("b", Zips.of("python/shared.py", "VALUE = 'b'\n").bytes());
        JsonNode ab = invoke(create("ab", "python3.11", "app.handler", READ_SHARED, a, b), "{}");
        assertEquals("b", ab.get("value").asText());
        assertEquals("[\"only_a.py\",\"shared.py\"]", ab.get("files").toString());
        JsonNode ba = invoke(create("ba", "python3.11", "app.handler", READ_SHARED, b, a), "{}");
        assertEquals("a", ba.get("value").asText());
    }

    @Test
    void aPublishedVersionKeepsTheLayersItWasPublishedWith() throws Exception {
        String a = publish("ver-a", Zips.of("python/shared.py", "VALUE = 'a'\n").bytes());
        String b = publish("ver-b", Zips.of("python/shared.py", "VALUE = 'b'\n").bytes());
        String fn = create("ver", "python3.11", "app.handler", READ_SHARED, a);
        String version = lambda.publishVersion(r -> r.functionName(fn)).version();
        lambda.updateFunctionConfiguration(r -> r.functionName(fn).layers(b));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(fn));
        assertEquals(
                a,
                lambda.getFunctionConfiguration(r -> r.functionName(fn).qualifier(version))
                        .layers()
                        .getFirst()
                        .arn());
        InvokeResponse published = lambda.invoke(i -> i.functionName(fn).qualifier(version));
        assertEquals(
                "a",
                JSON.readTree(published.payload().asByteArray()).get("value").asText());
        assertEquals("b", invoke(fn, "{}").get("value").asText());
    }

    @Test
    void layerContentIsReadOnly() throws Exception {
        assumeTrue(node.isolated(), "plain processes run as the node's user and could write anywhere it can");
        String layer = publish("ro", Zips.of("python/ro.py", "VALUE = 1\n").bytes());
        String fn = create("ro", "python3.11", "app.handler", Functions.python("""
                import os
                def attempt(action):
                    try:
                        action()
                        return "written"
                    except OSError as e:
                        return e.strerror
                def handler(event, context):
                    return {
                        "create": attempt(lambda: open("/opt/python/new.py", "w").close()),
                        "append": attempt(lambda: open("/opt/python/ro.py", "a").close()),
                        "remove": attempt(lambda: os.remove("/opt/python/ro.py")),
                        "mkdir": attempt(lambda: os.mkdir("/opt/new")),
                    }
                """), layer);
        JsonNode out = invoke(fn, "{}");
        for (String attempt : List.of("create", "append", "remove", "mkdir")) {
            // The mount is read-only, and the files are the node's with mode 0444 besides.
            assertTrue(
                    List.of("Read-only file system", "Permission denied")
                            .contains(out.get(attempt).asText()),
                    out.toString());
        }
    }

    @Test
    void deletingALayerVersionLeavesItsFunctionsWorking() throws Exception {
        String layer =
                publish("del", Zips.of("python/shared.py", "VALUE = 'kept'\n").bytes());
        String fn = create("del", "python3.11", "app.handler", READ_SHARED, layer);
        long version = Long.parseLong(layer.substring(layer.lastIndexOf(':') + 1));
        String layerName = layer.substring(layer.indexOf(":layer:") + 7, layer.lastIndexOf(':'));
        lambda.deleteLayerVersion(r -> r.layerName(layerName).versionNumber(version));

        assertEquals("kept", invoke(fn, "{}").get("value").asText(), "the first cold start after the delete");
        assertEquals(
                layer,
                lambda.getFunctionConfiguration(r -> r.functionName(fn))
                        .layers()
                        .getFirst()
                        .arn());
        lambda.updateFunctionConfiguration(r -> r.functionName(fn).timeout(5));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(fn));
        assertEquals("kept", invoke(fn, "{}").get("value").asText(), "a new environment after an update");

        InvalidParameterValueException refused = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createFunction(Functions.request(name("del-new"), "python3.11", "app.handler", READ_SHARED)
                        .layers(layer)
                        .build()));
        assertEquals(
                "Layer version " + layer + " does not exist.",
                refused.awsErrorDetails().errorMessage());
    }

    @Test
    void spareSandboxesShowExactlyTheirFunctionsLayers() throws Exception {
        assumeTrue(node.isolated(), "spare sandboxes exist only where functions are sandboxed");
        byte[] lister = Functions.python("""
                import os
                def handler(event, context):
                    found = []
                    for root, dirs, files in os.walk("/opt"):
                        found += [os.path.join(root, f) for f in files]
                    return {"opt": sorted(found), "stream": context.log_stream_name}
                """);
        // Each cold start of python3.11 (in a spare or not) leaves a new spare sandbox behind it.
        Set<String> before = environmentCgroups();
        JsonNode plain = invoke(create("spare-plain", "python3.11", "app.handler", lister), "{}");
        assertEquals("[]", plain.get("opt").toString(), "a function without layers sees an empty /opt");
        before.add(Sandboxes.environmentId(plain.get("stream").asText()));
        Set<String> spares = new HashSet<>();
        for (int i = 0; i < 250 && spares.isEmpty(); i++) {
            Thread.sleep(20);
            spares = environmentCgroups();
            spares.removeAll(before);
        }
        assertTrue(!spares.isEmpty(), "a spare sandbox was started");

        String first = publish("spare-1", Zips.of("python/one.py", "").bytes());
        String second = publish(
                "spare-2",
                new Zips().add("python/two.py", "").add("bin/tool", "").bytes());
        JsonNode layered = invoke(create("spare-layers", "python3.11", "app.handler", lister, first, second), "{}");
        assertTrue(
                spares.contains(Sandboxes.environmentId(layered.get("stream").asText())),
                "the cold start ran in the spare " + spares + ", not " + layered.get("stream"));
        assertEquals(
                "[\"/opt/bin/tool\",\"/opt/python/one.py\",\"/opt/python/two.py\"]",
                layered.get("opt").toString());
    }

    /** The ids of the cgroups this node's sandboxes have now (this JVM runs the node). */
    static Set<String> environmentCgroups() throws Exception {
        Set<String> ids = new HashSet<>();
        for (Path parent : List.of(Path.of("/sys/fs/cgroup/pids/lamina"), Path.of("/sys/fs/cgroup/lamina"))) {
            Path mine = parent.resolve("node-" + ProcessHandle.current().pid());
            if (Files.isDirectory(mine)) {
                try (var dirs = Files.list(mine)) {
                    dirs.map(d -> d.getFileName().toString())
                            .filter(n -> n.matches("[0-9a-f]{32}"))
                            .forEach(ids::add);
                }
            }
        }
        return ids;
    }
}
