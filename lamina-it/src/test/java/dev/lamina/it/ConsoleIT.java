package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The web console on a real node (decision 63): its gate over plain HTTP (what the unauthenticated
 * get, the cookie's flags, CSRF and origin checks), then the pages in a real browser, Debian's
 * Chromium driven by {@code playwright-core} ({@code src/test/browser/console.mjs}): sign in with the
 * keyboard, find a function, read its configuration, test-invoke it and read its log, see the chart
 * count the invocation, read the usage page, and fit a narrow screen. Screenshots go to
 * {@code target/console-screenshots}.
 */
class ConsoleIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path NODE = Path.of("/usr/bin/node");
    private static final Path MODULES = Path.of("target/browser/node_modules");
    private static final Path SCRIPT = Path.of("src/test/browser/console.mjs");
    private static final Path SHOTS = Path.of("target/console-screenshots");
    private static final String FUNCTION = "console-hello";
    private static final String LOG_LINE = "hello from the console test";
    private static final String HIDDEN = "value-the-console-never-shows";
    private static final ObjectMapper JSON = new ObjectMapper();

    static TestNode node;
    static String console;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        long started = System.nanoTime();
        node = TestNode.start();
        System.out.printf("node started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        console = node.endpoint() + "/console/";
        Functions.create(
                node.lambda(),
                Functions.request(
                                FUNCTION,
                                "python3.11",
                                "app.handler",
                                Functions.python("def handler(event, context):\n    print('" + LOG_LINE + "')\n"
                                        + "    return {'greeting': 'hello ' + event.get('name', 'world')}\n"))
                        .environment(e -> e.variables(Map.of("GREETING", HIDDEN)))
                        .build());
        System.out.printf("node and function ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theUnauthenticatedGetTheSignInPageOnly() throws Exception {
        HttpResponse<String> page = get("/console/", null);
        assertEquals(303, page.statusCode());
        assertEquals("/console/signin", page.headers().firstValue("location").orElseThrow());
        HttpResponse<String> signIn = get("/console/signin", null);
        assertEquals(200, signIn.statusCode());
        assertTrue(signIn.body().contains("Secret access key"), signIn.body());
        assertTrue(signIn.headers()
                .firstValue("content-security-policy")
                .orElseThrow()
                .contains("default-src 'self'"));
        assertEquals(200, get("/console/assets/signin.js", null).statusCode());
        assertEquals(401, get("/console/assets/app.js", null).statusCode());
        assertEquals(401, get("/console/api/functions", null).statusCode());
        assertEquals(401, get("/console/api/functions/" + FUNCTION, null).statusCode());
        assertEquals(
                401,
                send("POST", "/console/api/functions/" + FUNCTION + "/invoke", null, null, "{}")
                        .statusCode());
    }

    @Test
    void aBucketNamedConsoleIsStillS3sPathStyle() {
        try (S3Client s3 = S3Clients.pathStyle(node)) {
            s3.createBucket(b -> b.bucket("console"));
            s3.putObject(b -> b.bucket("console").key("signin"), RequestBody.fromString("an object"));
            assertEquals(
                    "an object",
                    s3.getObjectAsBytes(b -> b.bucket("console").key("signin")).asUtf8String());
        }
    }

    @Test
    void aSessionNeedsTheKeyAndItsChangesNeedItsCsrfToken() throws Exception {
        HttpResponse<String> wrong =
                send("POST", "/console/api/session", null, null, signIn(TestNode.SECRET_KEY + "x"));
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("set-cookie").isEmpty());
        // a form another site posts is not JSON: refused before any key is looked at
        HttpResponse<String> form = HTTP.send(
                HttpRequest.newBuilder(URI.create(node.endpoint() + "/console/api/session"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("accessKeyId=a&secretAccessKey=b"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, form.statusCode());

        HttpResponse<String> ok = send("POST", "/console/api/session", null, null, signIn(TestNode.SECRET_KEY));
        assertEquals(200, ok.statusCode(), ok.body());
        String setCookie = ok.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = JSON.readTree(ok.body()).get("csrfToken").asText();

        HttpResponse<String> functions = get("/console/api/functions", cookie);
        assertEquals(200, functions.statusCode());
        assertTrue(functions.body().contains(FUNCTION), functions.body());
        HttpResponse<String> function = get("/console/api/functions/" + FUNCTION, cookie);
        assertTrue(function.body().contains("GREETING"), function.body());
        assertFalse(function.body().contains(HIDDEN), "environment values never leave the node");

        String invoke = "/console/api/functions/" + FUNCTION + "/invoke";
        assertEquals(403, send("POST", invoke, cookie, null, "{}").statusCode());
        assertEquals(403, send("POST", invoke, cookie, csrf + "0", "{}").statusCode());
        HttpResponse<String> elsewhere = HTTP.send(
                HttpRequest.newBuilder(URI.create(node.endpoint() + invoke))
                        .header("Cookie", cookie)
                        .header("X-CSRF-Token", csrf)
                        .header("Origin", "http://evil.example")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, elsewhere.statusCode());
        HttpResponse<String> invoked = send("POST", invoke, cookie, csrf, "{\"name\":\"http\"}");
        assertEquals(200, invoked.statusCode(), invoked.body());
        JsonNode result = JSON.readTree(invoked.body());
        assertEquals("{\"greeting\": \"hello http\"}", result.get("payload").asText());
        assertTrue(result.get("log").asText().contains(LOG_LINE), result.toString());

        assertEquals(
                204, send("DELETE", "/console/api/session", cookie, csrf, null).statusCode());
        assertEquals(401, get("/console/api/functions", cookie).statusCode());
    }

    @Test
    void theConsoleWorksInARealBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (Debian package chromium)");
        assumeTrue(Files.isExecutable(NODE), "Node.js is not installed (Debian package nodejs)");
        assumeTrue(
                Files.isDirectory(MODULES.resolve("playwright-core")),
                "playwright-core is not in target/browser (the build installs it with npm; -Dexec.skip skips that)");
        Files.createDirectories(SHOTS);
        ProcessBuilder pb = new ProcessBuilder(NODE.toString(), SCRIPT.toString()).redirectErrorStream(true);
        pb.environment()
                .putAll(Map.of(
                        "CONSOLE",
                        console,
                        "ACCESS_KEY",
                        TestNode.ACCESS_KEY,
                        "SECRET_KEY",
                        TestNode.SECRET_KEY,
                        "FUNCTION",
                        FUNCTION,
                        "LOG_LINE",
                        LOG_LINE,
                        "HIDDEN_VALUE",
                        HIDDEN,
                        "SHOTS",
                        SHOTS.toAbsolutePath().toString(),
                        "MODULES",
                        MODULES.toAbsolutePath().toString(),
                        "CHROMIUM",
                        CHROMIUM.toString()));
        Process browser = pb.start();
        String output;
        try {
            boolean ended = browser.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                browser.descendants().forEach(ProcessHandle::destroyForcibly);
                browser.destroyForcibly().waitFor();
            }
            output = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(ended, "the browser script hung:\n" + output);
        } finally {
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly();
        }
        System.out.println(output); // each step with its time, in the test's report
        assertEquals(0, browser.exitValue(), output);
        assertTrue(output.contains("ms): done"), output);
        for (String shot : new String[] {"01-sign-in.png", "04-test-invoke.png", "05-monitoring.png"}) {
            assertTrue(Files.size(SHOTS.resolve(shot)) > 1000, shot);
        }
    }

    private static String signIn(String secret) throws IOException {
        return JSON.writeValueAsString(Map.of("accessKeyId", TestNode.ACCESS_KEY, "secretAccessKey", secret));
    }

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        return send("GET", path, cookie, null, null);
    }

    private static HttpResponse<String> send(String method, String path, String cookie, String csrf, String json)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.endpoint() + path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
