package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;

/**
 * The URLs a node hands out work verbatim in common HTTP clients, each its own process with the
 * system's resolver: Python's urllib, Node.js's fetch and Java's HttpClient call a FunctionUrl as
 * returned and the function sees its own rawPath. With {@code --public-url}, the node hands out the
 * template's URLs and serves what they name when a proxy forwards them (curl's {@code --connect-to}
 * stands for the proxy and its wildcard DNS).
 */
class PublicUrlIT extends NodeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ECHO = """
            import json

            def handler(event, context):
                return {'statusCode': 200, 'headers': {'content-type': 'application/json'},
                        'body': json.dumps({'rawPath': event['rawPath'],
                                            'rawQueryString': event['rawQueryString'],
                                            'domainName': event['requestContext']['domainName']})}
            """;
    static final String JAVA_CLIENT = """
            import java.net.URI;
            import java.net.http.HttpClient;
            import java.net.http.HttpRequest;
            import java.net.http.HttpResponse;

            public class UrlClient {
                public static void main(String[] args) throws Exception {
                    HttpResponse<String> r = HttpClient.newHttpClient().send(
                            HttpRequest.newBuilder(URI.create(args[0])).build(), HttpResponse.BodyHandlers.ofString());
                    System.out.println(r.statusCode());
                    System.out.println(r.body());
                }
            }
            """;

    static String url;
    static Path work;

    @BeforeAll
    static void createUrl() throws Exception {
        work = Files.createDirectories(node.dataDir().resolve("public-url-clients"));
        Files.writeString(work.resolve("UrlClient.java"), JAVA_CLIENT);
        url = createEchoUrl(lambda, "public-url-echo");
    }

    static String createEchoUrl(LambdaClient client, String name) {
        Functions.create(client, name, "python3.11", "app.handler", Functions.python(ECHO));
        return client.createFunctionUrlConfig(r -> r.functionName(name).authType(FunctionUrlAuthType.NONE))
                .functionUrl();
    }

    /** Runs a client process; its output is the status line then the body. */
    static JsonNode call(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command + " hung");
        assertEquals(0, p.exitValue(), command + ": " + out);
        String[] lines = out.strip().split("\n", 2);
        assertEquals("200", lines[0].strip(), command + ": " + out);
        return JSON.readTree(lines[1]);
    }

    static void assertEvent(JsonNode event, String rawPath, String query) {
        assertEquals(rawPath, event.get("rawPath").asText(), event.toString());
        assertEquals(query, event.get("rawQueryString").asText(), event.toString());
    }

    @Test
    void theFunctionUrlAsReturnedWorksInPython() throws Exception {
        JsonNode event = call(List.of(
                "python3",
                "-c",
                "import sys, urllib.request\n"
                        + "r = urllib.request.urlopen(sys.argv[1])\n"
                        + "print(r.status)\n"
                        + "print(r.read().decode())\n",
                url + "from/python?lang=py"));
        assertEvent(event, "/from/python", "lang=py");
    }

    @Test
    void theFunctionUrlAsReturnedWorksInNodeFetch() throws Exception {
        JsonNode event = call(List.of(
                "node",
                "-e",
                "fetch(process.argv[1]).then(async r => { console.log(r.status); console.log(await r.text()); })"
                        + ".catch(e => { console.error(e); process.exit(3); })",
                url + "from/node?lang=js"));
        assertEvent(event, "/from/node", "lang=js");
    }

    @Test
    void theFunctionUrlAsReturnedWorksInJavasHttpClient() throws Exception {
        JsonNode event = call(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "UrlClient.java",
                url + "from/java?lang=java"));
        assertEvent(event, "/from/java", "lang=java");
        JsonNode root = call(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "UrlClient.java", url));
        assertEvent(root, "/", "");
    }

    @Test
    void withAPublicUrlTheNodeHandsOutAndServesTheTemplatesUrls() throws Exception {
        for (var form : Map.of(
                        "http://{id}.lambda.example.test", "http://[a-z0-9]{32}\\.lambda\\.example\\.test/",
                        "http://gw.example.test/fn/{id}", "http://gw\\.example\\.test/fn/[a-z0-9]{32}/")
                .entrySet()) {
            try (TestNode proxied = TestNode.start(c -> c.withPublicUrls(Map.of("lambda-url", form.getKey())))) {
                LambdaClient client = proxied.lambda();
                String returned = createEchoUrl(client, "proxied-echo");
                assertTrue(returned.matches(form.getValue()), returned);
                assertEquals(
                        returned,
                        client.getFunctionUrlConfig(r -> r.functionName("proxied-echo"))
                                .functionUrl());
                // the proxy: whatever host the URL names, connect to the node, keeping Host and path
                List<String> curl =
                        new ArrayList<>(List.of("curl", "-sS", "--connect-to", "::127.0.0.1:" + proxied.port()));
                JsonNode event = curlStatusFirst(curl, returned + "behind/proxy?via=curl");
                assertEvent(event, "/behind/proxy", "via=curl");
                if (form.getKey().contains("{id}.")) {
                    String host = returned.substring("http://".length(), returned.length() - 1);
                    assertEquals(host, event.get("domainName").asText());
                }
                // the node's own forms keep working next to the template's
                var idMatch = java.util.regex.Pattern.compile("[a-z0-9]{32}").matcher(returned);
                assertTrue(idMatch.find(), returned);
                String id = idMatch.group();
                assertEvent(
                        curlStatusFirst(
                                new ArrayList<>(List.of("curl", "-sS")),
                                proxied.endpoint() + "/_lamina/url/" + id + "/own?x=1"),
                        "/own",
                        "x=1");
            }
        }
    }

    @Test
    void laminaServerTakesThePublicUrlFromItsCommandLineAndRefusesABadOne() throws Exception {
        Path data = Files.createTempDirectory("lamina-public-url-");
        Process server = CliIT.laminaProcess(
                        "server",
                        "--port",
                        "0",
                        "--data-dir",
                        data.toString(),
                        "--no-sandbox",
                        "--public-url",
                        "https://{id}.lambda.example.test")
                .redirectErrorStream(true)
                .start();
        try {
            var out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String endpoint = null;
            for (String line; endpoint == null && (line = out.readLine()) != null; ) {
                var ready = java.util.regex.Pattern.compile("ready at (http://\\S+)")
                        .matcher(line);
                endpoint = ready.find() ? ready.group(1) : null;
            }
            assertTrue(endpoint != null, "the server did not start");
            String node = endpoint;
            try (LambdaClient client = LambdaClient.builder()
                    .endpointOverride(java.net.URI.create(node))
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(TestNode.credentials())
                    .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                    .build()) {
                String returned = createEchoUrl(client, "cli-public-url");
                assertTrue(returned.matches("https://[a-z0-9]{32}\\.lambda\\.example\\.test/"), returned);
            }
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
            TestNode.deleteTree(data);
        }

        Process bad = CliIT.laminaProcess(
                        "server",
                        "--port",
                        "0",
                        "--data-dir",
                        work.resolve("refused").toString(),
                        "--public-url",
                        "https://fn-{id}.example.test")
                .redirectOutput(work.resolve("refused.out").toFile())
                .redirectError(work.resolve("refused.err").toFile())
                .start();
        assertTrue(bad.waitFor(60, TimeUnit.SECONDS), "a bad --public-url must stop the server at once");
        CliIT.Result refused = new CliIT.Result(
                bad.exitValue(),
                Files.readString(work.resolve("refused.out")),
                Files.readString(work.resolve("refused.err")));
        assertEquals(2, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("https://fn-{id}.example.test"), refused.err());
        assertTrue(refused.err().contains("first label"), refused.err());
    }

    /** curl prints the status first (as the other clients do), then the body. */
    static JsonNode curlStatusFirst(List<String> curl, String address) throws Exception {
        curl.addAll(List.of("-o", work.resolve("body").toString(), "-w", "%{http_code}\n", address));
        Process p = new ProcessBuilder(curl).redirectErrorStream(true).start();
        String status = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("200", status, curl.toString());
        return JSON.readTree(Files.readString(work.resolve("body")));
    }
}
