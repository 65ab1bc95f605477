package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * The Node.js runtime ({@code nodejs20.x}) end to end through the AWS SDK for Java v2: handler
 * resolution (CommonJS, ESM, {@code "type":"module"}, nested paths), the handler styles, the context
 * object, error documents, init failures, crashes, timeouts, console logging and warm reuse.
 */
class NodeRuntimeIT extends NodeTest {
    static final String RUNTIME = "nodejs20.x";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ISO = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** Invokes go through a client that never retries, so a 5xx cannot hide behind a retry. */
    static LambdaClient invoker;

    @BeforeAll
    static void start() {
        invoker = node.lambdaNoRetry();
    }

    @AfterAll
    static void stop() {
        if (invoker != null) {
            invoker.close();
        }
    }

    // ---- handler resolution ----

    @Test
    void commonJsAsyncHandler() {
        String fn = create("cjs", "index.handler", Zips.of("index.js", """
                        const path = require('node:path');
                        exports.handler = async (event) => ({
                          echo: event,
                          cjs: typeof require === 'function' && typeof module === 'object',
                          file: path.basename(__filename),
                        });
                        """));
        InvokeResponse r = invoke(fn, "{\"a\":1,\"b\":[true,null,\"x\"]}");
        assertEquals(200, r.statusCode());
        assertNull(r.functionError());
        assertEquals("$LATEST", r.executedVersion());
        assertEquals("{\"echo\":{\"a\":1,\"b\":[true,null,\"x\"]},\"cjs\":true,\"file\":\"index.js\"}", payload(r));
        // no payload at all: the event is {}
        InvokeResponse empty = invoker.invoke(b -> b.functionName(fn));
        assertEquals("{\"echo\":{},\"cjs\":true,\"file\":\"index.js\"}", payload(empty));
    }

    @Test
    void esmMjsHandlerWithTopLevelAwait() {
        String fn = create(
                "esm-mjs",
                "index.handler",
                new Zips().add("data.txt", "from-file\n").add("index.mjs", """
                                import { readFile } from 'node:fs/promises';
                                import { basename } from 'node:path';
                                // Both awaits run during Init, before the first event.
                                const fromFile = (await readFile(new URL('./data.txt', import.meta.url), 'utf8')).trim();
                                const fromTimer = await new Promise((r) => setTimeout(() => r('timer-fired'), 30));
                                let calls = 0;
                                export const handler = async (event) => ({
                                  fromFile,
                                  fromTimer,
                                  calls: ++calls,
                                  esm: typeof require === 'undefined',
                                  file: basename(new URL(import.meta.url).pathname),
                                  n: event.n,
                                });
                                """));
        assertEquals(
                "{\"fromFile\":\"from-file\",\"fromTimer\":\"timer-fired\",\"calls\":1,\"esm\":true,"
                        + "\"file\":\"index.mjs\",\"n\":5}",
                payload(invoke(fn, "{\"n\":5}")));
        assertEquals(
                "{\"fromFile\":\"from-file\",\"fromTimer\":\"timer-fired\",\"calls\":2,\"esm\":true,"
                        + "\"file\":\"index.mjs\",\"n\":6}",
                payload(invoke(fn, "{\"n\":6}")));
    }

    @Test
    void jsFileInTypeModulePackageIsLoadedAsEsm() {
        String fn = create(
                "esm-typemodule",
                "app.handler",
                new Zips()
                        .add("package.json", "{\"name\":\"esm-app\",\"type\":\"module\"}")
                        .add("util.js", "export const shout = (s) => s.toUpperCase() + '!';\n")
                        .add("app.js", """
                                import { shout } from './util.js';
                                const ready = await Promise.resolve('tla');
                                export const handler = async (event) => ({
                                  msg: shout(event.msg),
                                  ready,
                                  esm: typeof require === 'undefined' && typeof module === 'undefined',
                                  url: import.meta.url.endsWith('/app.js'),
                                });
                                """));
        assertEquals(
                "{\"msg\":\"HEY!\",\"ready\":\"tla\",\"esm\":true,\"url\":true}",
                payload(invoke(fn, "{\"msg\":\"hey\"}")));
    }

    @Test
    void nestedHandlerPathResolvesFileAndPropertyPath() {
        String fn = create(
                "nested",
                "lib/api/index.handlers.get",
                new Zips()
                        .add("index.js", "exports.handlers = { get: async () => 'wrong file: the root index.js' };\n")
                        .add("lib/api/index.js", """
                                exports.handlers = {
                                  get: async (event) => ({ route: 'get', id: event.id, dir: __dirname.endsWith('/lib/api') }),
                                  post: async () => 'wrong property',
                                };
                                exports.get = async () => 'wrong: property path ignored';
                                """));
        assertEquals("{\"route\":\"get\",\"id\":7,\"dir\":true}", payload(invoke(fn, "{\"id\":7}")));
    }

    // ---- handler styles ----

    @Test
    void promiseReturningNonAsyncHandler() {
        String fn = create("promise", "index.handler", Zips.of("index.js", """
                        exports.handler = (event) =>
                          new Promise((resolve, reject) => setTimeout(() => event.fail
                            ? reject(new RangeError('rejected ' + event.n))
                            : resolve({ via: 'promise', doubled: event.n * 2 }), 20));
                        """));
        InvokeResponse ok = invoke(fn, "{\"n\":21}");
        assertNull(ok.functionError());
        assertEquals("{\"via\":\"promise\",\"doubled\":42}", payload(ok));

        InvokeResponse rejected = invoke(fn, "{\"n\":3,\"fail\":true}");
        assertEquals("Unhandled", rejected.functionError());
        JsonNode doc = json(rejected);
        assertEquals("RangeError", doc.get("errorType").asText());
        assertEquals("rejected 3", doc.get("errorMessage").asText());
    }

    @Test
    void callbackHandler() {
        String fn = create("callback", "index.handler", Zips.of("index.js", """
                        exports.handler = (event, context, callback) => {
                          switch (event.mode) {
                            case 'ok': setImmediate(() => callback(null, { via: 'callback', echo: event.v })); break;
                            case 'error': setImmediate(() => callback(new TypeError('callback failed'))); break;
                            case 'twice': callback(null, 'first'); callback(null, 'second'); break;
                            case 'succeed': context.succeed({ via: 'succeed' }); break;
                            case 'none': break; // never calls back: null once the event loop drains
                          }
                        };
                        """));
        assertEquals("{\"via\":\"callback\",\"echo\":\"x\"}", payload(invoke(fn, "{\"mode\":\"ok\",\"v\":\"x\"}")));

        InvokeResponse err = invoke(fn, "{\"mode\":\"error\"}");
        assertEquals("Unhandled", err.functionError());
        JsonNode doc = json(err);
        assertEquals("TypeError", doc.get("errorType").asText());
        assertEquals("callback failed", doc.get("errorMessage").asText());
        assertEquals("TypeError: callback failed", doc.get("trace").get(0).asText());

        assertEquals("\"first\"", payload(invoke(fn, "{\"mode\":\"twice\"}")));
        assertEquals("{\"via\":\"succeed\"}", payload(invoke(fn, "{\"mode\":\"succeed\"}")));
        InvokeResponse none = invoke(fn, "{\"mode\":\"none\"}");
        assertNull(none.functionError());
        assertEquals("null", payload(none));
        // the environment survived all of that
        assertEquals("{\"via\":\"callback\",\"echo\":\"y\"}", payload(invoke(fn, "{\"mode\":\"ok\",\"v\":\"y\"}")));
    }

    @Test
    void callbackWaitsForEmptyEventLoopDecidesWhenTheResultIsTaken() {
        // The result object is handed to the callback, then changed by a timer 150 ms later. Waiting
        // for the event loop to drain means the response is serialised after the timer ran.
        String fn = create("cbwait", "index.handler", Zips.of("index.js", """
                        exports.handler = (event, context, callback) => {
                          if (event.wait !== undefined) context.callbackWaitsForEmptyEventLoop = event.wait;
                          const result = { value: 'before-timer', flag: context.callbackWaitsForEmptyEventLoop };
                          setTimeout(() => { result.value = 'after-timer'; }, 150);
                          callback(null, result);
                        };
                        """));
        assertEquals("{\"value\":\"after-timer\",\"flag\":true}", payload(invoke(fn, "{}")), "default is true");
        assertEquals("{\"value\":\"after-timer\",\"flag\":true}", payload(invoke(fn, "{\"wait\":true}")));
        assertEquals("{\"value\":\"before-timer\",\"flag\":false}", payload(invoke(fn, "{\"wait\":false}")));
        assertEquals("{\"value\":\"after-timer\",\"flag\":true}", payload(invoke(fn, "{}")), "the flag is per invoke");
    }

    @Test
    void asyncHandlerResponseDoesNotWaitForPendingTimers() {
        String fn = create("asyncnowait", "index.handler", Zips.of("index.js", """
                        exports.handler = async () => {
                          const result = { value: 'returned' };
                          setTimeout(() => { result.value = 'changed-by-timer'; }, 150);
                          return result;
                        };
                        """));
        assertEquals("{\"value\":\"returned\"}", payload(invoke(fn, "{}")));
        assertEquals("{\"value\":\"returned\"}", payload(invoke(fn, "{}")));
    }

    // ---- context ----

    @Test
    void contextObject() throws Exception {
        String fn = create("context", "index.handler", Zips.of("index.js", """
                        exports.handler = async (event, context) => ({
                          functionName: context.functionName,
                          functionVersion: context.functionVersion,
                          awsRequestId: context.awsRequestId,
                          memoryLimitInMB: context.memoryLimitInMB,
                          invokedFunctionArn: context.invokedFunctionArn,
                          logGroupName: context.logGroupName,
                          logStreamName: context.logStreamName,
                          remaining: context.getRemainingTimeInMillis(),
                          clientContext: context.clientContext === undefined ? '<undefined>' : context.clientContext,
                          waits: context.callbackWaitsForEmptyEventLoop,
                        });
                        """), b -> b.timeout(5));
        InvokeResponse r = invoke(fn, "{}");
        JsonNode c = json(r);
        assertEquals(fn, c.get("functionName").asText());
        assertEquals("$LATEST", c.get("functionVersion").asText());
        String requestId = r.responseMetadata().requestId();
        assertTrue(requestId.matches(UUID), requestId);
        assertEquals(requestId, c.get("awsRequestId").asText());
        assertTrue(c.get("memoryLimitInMB").isTextual(), "memoryLimitInMB is a string: " + c);
        assertEquals("128", c.get("memoryLimitInMB").asText());
        assertEquals(
                "arn:aws:lambda:us-east-1:000000000000:function:" + fn,
                c.get("invokedFunctionArn").asText());
        assertEquals("/aws/lambda/" + fn, c.get("logGroupName").asText());
        Matcher stream = Pattern.compile("(\\d{4}/\\d\\d/\\d\\d)/\\[\\$LATEST\\][0-9a-f]{32}")
                .matcher(c.get("logStreamName").asText());
        assertTrue(stream.matches(), c.get("logStreamName").asText());
        LocalDate streamDate = LocalDate.parse(stream.group(1), DateTimeFormatter.ofPattern("yyyy/MM/dd"));
        assertTrue(
                Math.abs(ChronoUnit.DAYS.between(streamDate, LocalDate.now(ZoneOffset.UTC))) <= 1,
                "the stream is named after today's UTC date: " + streamDate);
        assertTrue(c.get("remaining").isIntegralNumber(), c.toString());
        long remaining = c.get("remaining").asLong();
        assertTrue(remaining > 0 && remaining <= 5000, "remaining " + remaining);
        assertEquals("<undefined>", c.get("clientContext").asText(), "no client context given");
        assertTrue(c.get("waits").asBoolean());

        // A second invoke: a new request id, the same environment (same log stream).
        InvokeResponse again = invoke(fn, "{}");
        JsonNode c2 = json(again);
        assertEquals(
                again.responseMetadata().requestId(), c2.get("awsRequestId").asText());
        assertFalse(requestId.equals(c2.get("awsRequestId").asText()));
        assertEquals(c.get("logStreamName"), c2.get("logStreamName"));

        // Client context (base64 JSON in X-Amz-Client-Context) arrives parsed.
        String clientContextJson = "{\"client\":{\"installation_id\":\"inst-1\",\"app_title\":\"Lamina IT\","
                + "\"app_version_name\":\"1.0\",\"app_version_code\":\"7\",\"app_package_name\":\"dev.lamina.it\"},"
                + "\"custom\":{\"tenant\":\"blue\",\"n\":3},\"env\":{\"platform\":\"java\"}}";
        InvokeResponse withClientContext = invoker.invoke(b -> b.functionName(fn)
                .clientContext(Base64.getEncoder().encodeToString(clientContextJson.getBytes(StandardCharsets.UTF_8)))
                .payload(SdkBytes.fromUtf8String("{}")));
        assertNull(withClientContext.functionError(), payload(withClientContext));
        assertEquals(JSON.readTree(clientContextJson), json(withClientContext).get("clientContext"));

        // Invoked through a qualified ARN: invokedFunctionArn is what the caller used.
        String qualified = "arn:aws:lambda:us-east-1:000000000000:function:" + fn + ":$LATEST";
        InvokeResponse byArn = invoker.invoke(b -> b.functionName(qualified).payload(SdkBytes.fromUtf8String("{}")));
        assertEquals(qualified, json(byArn).get("invokedFunctionArn").asText());
    }

    // ---- errors ----

    @Test
    void thrownErrorBecomesUnhandledErrorDocument() {
        String fn = create("throws", "index.handler", Zips.of("index.js", """
                        class ValidationError extends Error {
                          constructor(message) { super(message); this.name = 'ValidationError'; }
                        }
                        exports.handler = async (event) => {
                          if (event.kind === 'error') throw new Error('boom: ' + event.id);
                          if (event.kind === 'custom') throw new ValidationError('field x is required');
                          throw 'a plain string';
                        };
                        """));
        InvokeResponse r = invoke(fn, "{\"kind\":\"error\",\"id\":42}", true);
        assertEquals(200, r.statusCode());
        assertEquals("Unhandled", r.functionError());
        JsonNode doc = json(r);
        assertEquals(List.of("errorType", "errorMessage", "trace"), fieldNames(doc));
        assertEquals("Error", doc.get("errorType").asText());
        assertEquals("boom: 42", doc.get("errorMessage").asText());
        assertTrue(doc.get("trace").isArray());
        assertEquals("Error: boom: 42", doc.get("trace").get(0).asText());
        assertTrue(
                doc.get("trace").get(1).asText().matches("    at .*index\\.js:\\d+:\\d+\\)?"),
                doc.get("trace").toString());
        // Logged as `<ISO>\t<id>\tERROR\tInvoke Error \t{"errorType":…,"stack":[…]}`
        String id = r.responseMetadata().requestId();
        List<String> tail = tailLines(r);
        assertTrue(
                tail.stream()
                        .anyMatch(l -> l.matches(ISO + "\t" + Pattern.quote(id) + "\tERROR\tInvoke Error \t"
                                + Pattern.quote("{\"errorType\":\"Error\",\"errorMessage\":\"boom: 42\",\"stack\":"
                                        + "[\"Error: boom: 42\",")
                                + ".*")),
                String.join("\n", tail));

        JsonNode custom = json(invoke(fn, "{\"kind\":\"custom\"}"));
        assertEquals("ValidationError", custom.get("errorType").asText());
        assertEquals("field x is required", custom.get("errorMessage").asText());
        assertEquals(
                "ValidationError: field x is required",
                custom.get("trace").get(0).asText());

        InvokeResponse plain = invoke(fn, "{\"kind\":\"string\"}");
        assertEquals("Unhandled", plain.functionError());
        assertEquals("{\"errorType\":\"string\",\"errorMessage\":\"a plain string\",\"trace\":[]}", payload(plain));
    }

    @Test
    void syntaxErrorFailsInitAtOnceAndAgainOnTheNextInvoke() {
        String fn = create(
                "init-syntax",
                "index.handler",
                Zips.of("index.js", "exports.handler = async () => { return 1;; ]\n"),
                b -> b.timeout(30));
        for (int i = 0; i < 2; i++) {
            JsonNode doc = initFailure(fn, "Runtime.UserCodeSyntaxError");
            assertTrue(doc.get("errorMessage").asText().startsWith("SyntaxError: "), doc.toString());
        }
    }

    @Test
    void syntaxErrorInEsmModuleFailsInit() {
        String fn = create(
                "init-syntax-esm",
                "index.handler",
                Zips.of("index.mjs", "export const handler = async () => { return 1 +; };\n"),
                b -> b.timeout(30));
        JsonNode doc = initFailure(fn, "Runtime.UserCodeSyntaxError");
        assertTrue(doc.get("errorMessage").asText().startsWith("SyntaxError: "), doc.toString());
    }

    @Test
    void missingModuleFailsInitWithImportModuleError() {
        String fn = create(
                "init-import",
                "index.handler",
                Zips.of(
                        "index.js",
                        "const dep = require('lamina-no-such-module');\nexports.handler = async () => dep;\n"),
                b -> b.timeout(30));
        for (int i = 0; i < 2; i++) {
            JsonNode doc = initFailure(fn, "Runtime.ImportModuleError");
            assertTrue(
                    doc.get("errorMessage").asText().startsWith("Error: Cannot find module 'lamina-no-such-module'"),
                    doc.toString());
        }
    }

    @Test
    void missingExportFailsInitWithHandlerNotFound() {
        String fn = create(
                "init-noexport",
                "index.handler",
                Zips.of("index.js", "exports.other = async () => 1;\n"),
                b -> b.timeout(30));
        for (int i = 0; i < 2; i++) {
            JsonNode doc = initFailure(fn, "Runtime.HandlerNotFound");
            assertEquals(
                    "index.handler is undefined or not exported",
                    doc.get("errorMessage").asText());
        }
        String notAFunction = create(
                "init-notfn", "index.handler", Zips.of("index.js", "exports.handler = 42;\n"), b -> b.timeout(30));
        JsonNode doc = initFailure(notAFunction, "Runtime.HandlerNotFound");
        assertEquals("index.handler is not a function", doc.get("errorMessage").asText());
    }

    @Test
    void processExitInHandlerIsRuntimeExitErrorAndTheNextInvokeGetsANewEnvironment() {
        String fn = create("exit", "index.handler", Zips.of("index.js", """
                        let count = 0;
                        exports.handler = async (event) => {
                          count++;
                          if (event.exit) { console.log('exiting'); process.exit(3); }
                          return { count };
                        };
                        """));
        JsonNode first = json(invoke(fn, "{}"));
        assertEquals(1, first.get("count").asInt());

        InvokeResponse r = invoke(fn, "{\"exit\":true}", true);
        String id = r.responseMetadata().requestId();
        assertEquals("Unhandled", r.functionError());
        JsonNode doc = json(r);
        assertEquals("Runtime.ExitError", doc.get("errorType").asText());
        assertTrue(doc.get("errorMessage").asText().contains("exit status 3"), doc.toString());
        assertEquals(
                "RequestId: " + id + " Error: Runtime exited with error: exit status 3",
                doc.get("errorMessage").asText());
        List<String> tail = tailLines(r);
        assertTrue(tail.stream().anyMatch(l -> l.matches(ISO + "\t" + id + "\tINFO\texiting")), tail.toString());
        assertTrue(
                tail.stream()
                        .anyMatch(l -> l.startsWith("REPORT RequestId: " + id + "\t")
                                && l.endsWith("\tStatus: error\tError Type: Runtime.ExitError\t")),
                tail.toString());

        InvokeResponse after = invoke(fn, "{}");
        assertNull(after.functionError(), payload(after));
        JsonNode fresh = json(after);
        assertEquals(1, fresh.get("count").asInt(), "a new environment starts counting again");
    }

    @Test
    void handlerRunningPastTheTimeoutIsSandboxTimedout() {
        String fn = create("timeout", "index.handler", Zips.of("index.js", """
                        let count = 0;
                        exports.handler = async (event) => {
                          count++;
                          if (event.spin) { for (;;) {} }
                          return { count };
                        };
                        """), b -> b.timeout(1));
        assertEquals("{\"count\":1}", payload(invoke(fn, "{}")));

        long t0 = System.nanoTime();
        InvokeResponse r = invoke(fn, "{\"spin\":true}", true);
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        String id = r.responseMetadata().requestId();
        assertEquals("Unhandled", r.functionError());
        JsonNode doc = json(r);
        assertEquals("Sandbox.Timedout", doc.get("errorType").asText());
        assertTrue(doc.get("errorMessage").asText().endsWith("Task timed out after 1.00 seconds"), doc.toString());
        assertEquals(
                "RequestId: " + id + " Error: Task timed out after 1.00 seconds",
                doc.get("errorMessage").asText());
        assertTrue(elapsedMs >= 900 && elapsedMs < 10_000, "took " + elapsedMs + " ms");
        List<String> tail = tailLines(r);
        assertTrue(
                tail.stream()
                        .anyMatch(l ->
                                l.startsWith("REPORT RequestId: " + id + "\t") && l.endsWith("\tStatus: timeout\t")),
                tail.toString());

        InvokeResponse after = invoke(fn, "{}");
        assertNull(after.functionError(), payload(after));
        assertEquals("{\"count\":1}", payload(after), "the timed-out environment was replaced");
    }

    // ---- logs ----

    @Test
    void consoleOutputAppearsInTheLogTailBetweenStartAndEnd() {
        String fn = create("logs", "index.handler", Zips.of("index.js", """
                        console.log('during init');
                        exports.handler = async (event) => {
                          console.log('first line');
                          console.info('second %s', 'line', { a: 1 });
                          console.warn('a warning');
                          console.error('an error', 42);
                          console.debug('debugging');
                          console.log('last line', event.n);
                          return 'logged';
                        };
                        """));
        for (int n = 1; n <= 2; n++) {
            InvokeResponse r = invoke(fn, "{\"n\":" + n + "}", true);
            assertEquals("\"logged\"", payload(r));
            String id = r.responseMetadata().requestId();
            List<String> all = tailLines(r);
            // A cold start's tail begins with what init printed (request id "undefined"); a warm one
            // begins with START.
            int start = all.indexOf("START RequestId: " + id + " Version: $LATEST");
            assertEquals(n == 1 ? 1 : 0, start, String.join("\n", all));
            if (n == 1) {
                assertTrue(all.getFirst().matches(ISO + "\tundefined\tINFO\tduring init"), all.getFirst());
            }
            List<String> lines = all.subList(start, all.size());
            assertEquals(9, lines.size(), String.join("\n", all));
            String prefix = ISO + "\t" + Pattern.quote(id) + "\t";
            List<String> expected = List.of(
                    "INFO\tfirst line",
                    "INFO\tsecond line { a: 1 }",
                    "WARN\ta warning",
                    "ERROR\tan error 42",
                    "DEBUG\tdebugging",
                    "INFO\tlast line " + n);
            for (int i = 0; i < expected.size(); i++) {
                String line = lines.get(1 + i);
                assertTrue(line.matches(prefix + Pattern.quote(expected.get(i))), "line " + (1 + i) + ": " + line);
            }
            assertEquals("END RequestId: " + id, lines.get(7));
            String report = lines.get(8);
            Matcher m = Pattern.compile("REPORT RequestId: " + Pattern.quote(id)
                            + "\tDuration: \\d+\\.\\d\\d ms\tBilled Duration: \\d+ ms\tMemory Size: 128 MB"
                            + "\tMax Memory Used: \\d+ MB\t(Init Duration: \\d+\\.\\d\\d ms\t)?")
                    .matcher(report);
            assertTrue(m.matches(), report);
            if (n == 1) {
                assertNotNull(m.group(1), "a cold start reports Init Duration: " + report);
            } else {
                assertNull(m.group(1), "a warm start has no Init Duration: " + report);
            }
        }
        // The init-phase line went to the function's log group, with "undefined" for the request id.
        var events = node.logs()
                .filterLogEvents(b -> b.logGroupName("/aws/lambda/" + fn))
                .events();
        assertTrue(
                events.stream().anyMatch(e -> e.message().matches(ISO + "\tundefined\tINFO\tduring init")),
                events.toString());
    }

    @Test
    void warmEnvironmentKeepsModuleState() {
        String fn = create("warm", "index.handler", Zips.of("index.js", """
                        let count = 0;
                        const loadedAt = Date.now();
                        exports.handler = async () => ({ count: ++count, pid: process.pid, loadedAt });
                        """));
        List<JsonNode> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(json(invoke(fn, "{}")));
        }
        for (int i = 0; i < results.size(); i++) {
            assertEquals(i + 1, results.get(i).get("count").asInt(), results.toString());
            assertEquals(results.getFirst().get("pid"), results.get(i).get("pid"));
            assertEquals(results.getFirst().get("loadedAt"), results.get(i).get("loadedAt"));
        }
    }

    @Test
    void crashOutsideTheHandlerFailsThatInvokeAndTheNextInvokeGetsAFreshEnvironment() {
        String fn = create("crash", "index.handler", Zips.of("index.js", """
                        let count = 0;
                        exports.handler = async (event) => {
                          count++;
                          if (event.m === 'reject') Promise.reject(new Error('nobody caught me'));
                          if (event.m === 'throw') setTimeout(() => { throw new TypeError('thrown in a timer'); }, 5);
                          if (event.m) await new Promise((r) => setTimeout(r, 300));
                          return { count };
                        };
                        """));
        assertEquals("{\"count\":1}", payload(invoke(fn, "{}")));

        InvokeResponse rejected = invoke(fn, "{\"m\":\"reject\"}");
        assertEquals("Unhandled", rejected.functionError());
        JsonNode doc = json(rejected);
        assertEquals("Runtime.UnhandledPromiseRejection", doc.get("errorType").asText(), doc.toString());
        assertEquals("Error: nobody caught me", doc.get("errorMessage").asText());
        // The runtime exits after reporting: the next invoke is a cold start, and it succeeds.
        InvokeResponse afterReject = invoke(fn, "{}");
        assertNull(afterReject.functionError(), payload(afterReject));
        assertEquals("{\"count\":1}", payload(afterReject));

        InvokeResponse thrown = invoke(fn, "{\"m\":\"throw\"}");
        assertEquals("Unhandled", thrown.functionError());
        JsonNode thrownDoc = json(thrown);
        assertEquals("TypeError", thrownDoc.get("errorType").asText(), thrownDoc.toString());
        assertEquals("thrown in a timer", thrownDoc.get("errorMessage").asText());
        InvokeResponse afterThrow = invoke(fn, "{}");
        assertNull(afterThrow.functionError(), payload(afterThrow));
        assertEquals("{\"count\":1}", payload(afterThrow));
    }

    @Test
    void multiLineConsoleMessageIsOneLogEvent() {
        String fn = create("multiline", "index.handler", Zips.of("index.js", """
                        exports.handler = async () => {
                          console.log('line one\\nline two');
                          console.error(new Error('with a stack'));
                          return 'ok';
                        };
                        """));
        InvokeResponse r = invoke(fn, "{}", true);
        String id = r.responseMetadata().requestId();
        List<String> lines = tailLines(r);
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).matches(ISO + "\t" + id + "\tINFO\tline one\\s?line two"), lines.get(1));
        assertTrue(
                lines.get(2).matches("(?s)" + ISO + "\t" + id + "\tERROR\tError: with a stack\\s+at .*"), lines.get(2));
        var events = node.logs()
                .filterLogEvents(b -> b.logGroupName("/aws/lambda/" + fn))
                .events();
        assertEquals(
                1,
                events.stream()
                        .filter(e ->
                                e.message().contains("line one") && e.message().contains("line two"))
                        .count(),
                events.toString());
    }

    // ---- helpers ----

    /** Creates a uniquely named nodejs20.x function and waits until it is Active; returns its name. */
    static String create(String base, String handler, Zips code) {
        return create(base, handler, code, b -> {});
    }

    static String create(String base, String handler, Zips code, Consumer<CreateFunctionRequest.Builder> customize) {
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        String name = "node-" + base + "-" + HexFormat.of().formatHex(random);
        CreateFunctionRequest.Builder request = Functions.request(name, RUNTIME, handler, code.bytes());
        customize.accept(request);
        Functions.create(lambda, request.build());
        return name;
    }

    static InvokeResponse invoke(String fn, String payload) {
        return invoke(fn, payload, false);
    }

    static InvokeResponse invoke(String fn, String payload, boolean tail) {
        InvokeRequest.Builder b = InvokeRequest.builder().functionName(fn).payload(SdkBytes.fromUtf8String(payload));
        if (tail) {
            b.logType(LogType.TAIL);
        }
        InvokeResponse r = invoker.invoke(b.build());
        assertEquals(200, r.statusCode());
        return r;
    }

    /** Invokes a function whose init fails; checks it fails fast with {@code errorType}; returns the document. */
    static JsonNode initFailure(String fn, String errorType) {
        long t0 = System.nanoTime();
        InvokeResponse r = invoke(fn, "{}", true);
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(elapsedMs < 10_000, "init failure took " + elapsedMs + " ms");
        assertEquals("Unhandled", r.functionError(), payload(r));
        JsonNode doc = json(r);
        assertEquals(errorType, doc.get("errorType").asText(), doc.toString());
        assertTrue(doc.get("errorMessage").isTextual(), doc.toString());
        List<String> tail = tailLines(r);
        String id = r.responseMetadata().requestId();
        assertTrue(
                tail.stream().anyMatch(l -> l.startsWith("REPORT RequestId: " + id + "\t")), String.join("\n", tail));
        // The runtime logged the failure during init, before START: the cold start's tail shows it.
        assertTrue(
                tail.stream()
                        .anyMatch(l -> l.matches(ISO + "\tundefined\tERROR\tUncaught Exception \t"
                                + Pattern.quote("{\"errorType\":\"" + errorType + "\"") + ".*")),
                String.join("\n", tail));
        return doc;
    }

    static String payload(InvokeResponse r) {
        return r.payload().asUtf8String();
    }

    static JsonNode json(InvokeResponse r) {
        try {
            return JSON.readTree(payload(r));
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + payload(r), e);
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The decoded X-Amz-Log-Result, split into lines (the trailing newline dropped). */
    static List<String> tailLines(InvokeResponse r) {
        assertNotNull(r.logResult(), "LogType Tail gives X-Amz-Log-Result");
        String text = new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"), text);
        return List.of(text.substring(0, text.length() - 1).split("\n", -1));
    }
}
