package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * What makes cold starts faster (decision 15) changes nothing a function can observe but the time:
 * the Python client runs byte-compiled and parses events as json would; a Java runtime starts from
 * a class-data archive of AWS's client once the node has made one, except when the function passes
 * JVM options of its own, and neither prints anything into the function's log.
 */
class ColdStartIT extends NodeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger SEQ = new AtomicInteger();

    static final String JVM_ARGUMENTS = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.lang.management.ManagementFactory;
            import java.util.List;
            import java.util.Map;

            public class JvmArguments implements RequestHandler<Map<String, Object>, List<String>> {
                @Override
                public List<String> handleRequest(Map<String, Object> event, Context context) {
                    return ManagementFactory.getRuntimeMXBean().getInputArguments();
                }
            }
            """;

    static InvokeResponse invokeTail(String name, String payload) {
        return lambda.invoke(r -> r.functionName(name).logType(LogType.TAIL).payload(SdkBytes.fromUtf8String(payload)));
    }

    static String tail(InvokeResponse response) {
        return new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
    }

    /** Cold-starts a new function until its JVM runs with an archive; the archive is made in the background. */
    @ParameterizedTest
    @ValueSource(strings = {"java17", "java25"})
    void aJavaRuntimeStartsFromTheClientsArchiveOnceTheNodeHasMadeIt(String runtime) throws Exception {
        byte[] zip = JavaPackages.compile(JVM_ARGUMENTS).zip();
        String option = runtime.equals("java17")
                ? "-XX:SharedArchiveFile=/var/runtime/java-cds/java17.jsa"
                : "-XX:AOTCache=/var/runtime/java-cds/java25.aot";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        JsonNode arguments;
        String log;
        do {
            String name = "cold-" + runtime + "-" + SEQ.incrementAndGet();
            Functions.create(lambda, name, runtime, "example.JvmArguments", zip);
            InvokeResponse r = invokeTail(name, "{\"a\":1}");
            assertNull(r.functionError(), r.payload().asUtf8String());
            arguments = JSON.readTree(r.payload().asByteArray());
            log = tail(r);
            if (!arguments.toString().contains(option)) {
                Thread.sleep(1000);
            }
        } while (!arguments.toString().contains(option) && System.nanoTime() < deadline);
        assertTrue(arguments.toString().contains(option), "no archive after 240 s: " + arguments);
        assertFalse(log.contains("[cds]") || log.contains("[aot]") || log.contains("WARNING"), log);

        // A function that tunes its own JVM starts without the archive, which its options might not match.
        String tuned = "cold-" + runtime + "-tuned-" + SEQ.incrementAndGet();
        Functions.create(
                lambda,
                Functions.request(tuned, runtime, "example.JvmArguments", zip)
                        .environment(e -> e.variables(Map.of("JAVA_TOOL_OPTIONS", "-XX:-UseCompressedOops")))
                        .build());
        InvokeResponse r = invokeTail(tuned, "{}");
        assertNull(r.functionError(), r.payload().asUtf8String());
        String args = JSON.readTree(r.payload().asByteArray()).toString();
        assertFalse(args.contains("java-cds"), args);
        assertTrue(args.contains("-XX:-UseCompressedOops"), args);
        String tunedLog = tail(r);
        assertFalse(tunedLog.contains("[cds]") || tunedLog.contains("[aot]"), tunedLog);

        // A function that picks its own collector gets it instead of the default one, and starts.
        String collector = "cold-" + runtime + "-gc-" + SEQ.incrementAndGet();
        Functions.create(
                lambda,
                Functions.request(collector, runtime, "example.JvmArguments", zip)
                        .environment(e -> e.variables(Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseParallelGC")))
                        .build());
        InvokeResponse gc = invokeTail(collector, "{}");
        assertNull(gc.functionError(), gc.payload().asUtf8String());
        String gcArgs = JSON.readTree(gc.payload().asByteArray()).toString();
        assertTrue(gcArgs.contains("-XX:+UseParallelGC"), gcArgs);
        assertFalse(gcArgs.contains("-XX:+UseSerialGC"), gcArgs);
    }

    static final String JVM_FACTS = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.lang.management.ManagementFactory;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.Map;
            import java.util.Set;
            import java.util.TreeMap;

            public class JvmFacts implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                static final Set<String> OWN = Set.of("AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_LOG_GROUP_NAME",
                        "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "_X_AMZN_TRACE_ID",
                        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

                @Override
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    Map<String, Object> facts = new TreeMap<>();
                    Map<String, String> env = new TreeMap<>(System.getenv());
                    env.keySet().removeAll(OWN);
                    facts.put("env", env);
                    facts.put("stream", context.getLogStreamName());
                    facts.put("arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
                    for (String p : new String[] {"java.class.path", "sun.java.command", "java.library.path",
                            "native.encoding", "stdout.encoding", "sun.jnu.encoding", "user.dir", "user.home"}) {
                        facts.put(p, System.getProperty(p));
                    }
                    try {
                        facts.put("cmdline", Files.readString(Path.of("/proc/self/cmdline")).replace('\\0', ' '));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return facts;
                }
            }
            """;

    /**
     * Once java25's archive exists, its spare runs a JVM ahead of demand (decision 53), and a function
     * started there sees what a freshly started JVM shows it.
     */
    @Test
    void aJava25SpareRunsItsFunctionAsAFreshJvmWould() throws Exception {
        byte[] zip = JavaPackages.compile(JVM_FACTS).zip();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        JsonNode preloaded;
        do {
            String name = "cold-preload-" + SEQ.incrementAndGet();
            Functions.create(lambda, name, "java25", "example.JvmFacts", zip);
            InvokeResponse r = invokeTail(name, "{}");
            assertNull(r.functionError(), r.payload().asUtf8String());
            preloaded = JSON.readTree(r.payload().asByteArray());
            if (!preloadedWithArchive(preloaded)) {
                Thread.sleep(500);
            }
        } while (!preloadedWithArchive(preloaded) && System.nanoTime() < deadline);
        assertTrue(preloadedWithArchive(preloaded), "no preloaded JVM with the archive: " + preloaded);

        // a /tmp of its own size: no spare has one, so it starts afresh, with the same archive
        String fresh = "cold-fresh-" + SEQ.incrementAndGet();
        Functions.create(
                lambda,
                Functions.request(fresh, "java25", "example.JvmFacts", zip)
                        .ephemeralStorage(e -> e.size(1024))
                        .build());
        InvokeResponse r = invokeTail(fresh, "{}");
        assertNull(r.functionError(), r.payload().asUtf8String());
        JsonNode afresh = JSON.readTree(r.payload().asByteArray());
        assertTrue(afresh.get("cmdline").asText().contains("AWSLambda example.JvmFacts"), afresh.toString());
        for (String fact : new String[] {
            "env",
            "arguments",
            "java.class.path",
            "sun.java.command",
            "java.library.path",
            "native.encoding",
            "stdout.encoding",
            "sun.jnu.encoding",
            "user.dir",
            "user.home"
        }) {
            assertEquals(afresh.get(fact), preloaded.get(fact), fact + " as in a freshly started JVM");
        }
    }

    private static boolean preloadedWithArchive(JsonNode facts) {
        return facts.get("cmdline").asText().contains("JavaPreload")
                && facts.get("arguments").toString().contains("-XX:AOTCache=");
    }

    @Test
    void pythonRunsItsClientByteCompiled() throws Exception {
        String name = "cold-py-argv-" + SEQ.incrementAndGet();
        Functions.create(
                lambda,
                name,
                "python3.11",
                "app.handler",
                Functions.python("import sys\n\ndef handler(event, context):\n    return sys.argv[0]\n"));
        InvokeResponse r = invokeTail(name, "{}");
        assertNull(r.functionError());
        String argv0 = JSON.readTree(r.payload().asByteArray()).asText();
        assertTrue(argv0.endsWith("/python/bootstrap.python3.11.pyc"), argv0);
    }

    @Test
    void pythonParsesEventsAsJsonWouldAndAnswersInTheSameJson() throws Exception {
        String name = "cold-py-json-" + SEQ.incrementAndGet();
        Functions.create(lambda, name, "python3.11", "app.handler", Functions.python("""
                import json

                def handler(event, context):
                    return {"types": {k: type(v).__name__ for k, v in event.items()},
                            "same": json.loads(json.dumps(event)) == event,
                            "event": event}
                """));
        String event = "{\"s\":\"\u00e9\u2028\uD83D\uDE00\\n\\\"q\\\"\",\"big\":123456789012345678901234567890,"
                + "\"f\":1.5e300,\"neg\":-0.0,\"i\":-7,\"nested\":[[{}],[]],\"t\":true,\"n\":null}";
        InvokeResponse r = invokeTail(name, "  " + event + "\n");
        assertNull(r.functionError(), r.payload().asUtf8String());
        JsonNode body = JSON.readTree(r.payload().asByteArray());
        assertEquals(
                "{\"s\":\"str\",\"big\":\"int\",\"f\":\"float\",\"neg\":\"float\",\"i\":\"int\",\"nested\":\"list\","
                        + "\"t\":\"bool\",\"n\":\"NoneType\"}",
                body.get("types").toString());
        assertTrue(body.get("same").asBoolean());
        assertEquals(JSON.readTree(event), body.get("event"));
        // Python's own separators (", " and ": "), non-ASCII kept as UTF-8, as AWS's client answers
        String raw = r.payload().asUtf8String();
        assertTrue(
                raw.contains(
                        "\"s\": \"\u00e9\u2028\uD83D\uDE00\\n\\\"q\\\"\", \"big\": 123456789012345678901234567890"),
                raw);
    }
}
