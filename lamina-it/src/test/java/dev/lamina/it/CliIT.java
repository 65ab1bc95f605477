package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real AWS CLI v2 and Lamina's own command line against a node. */
class CliIT {
    static TestNode node;
    static AwsCli aws;
    static Path work;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        node = TestNode.start();
        work = Files.createDirectories(node.dataDir().resolve("cli-work"));
        aws = new AwsCli(node.endpoint(), work);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    static JsonNode ok(AwsCli.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
    }

    @Test
    void functionLifecycleThroughTheCli() throws Exception {
        Path zip = Zips.of(
                        "app.py",
                        "def handler(event, context):\n    print('cli says', event)\n    return {'hello': event['name']}\n")
                .write(work.resolve("fn.zip"));
        JsonNode created = ok(aws.run(
                "lambda",
                "create-function",
                "--function-name",
                "cli-fn",
                "--runtime",
                "python3.11",
                "--handler",
                "app.handler",
                "--role",
                Functions.ROLE,
                "--zip-file",
                "fileb://" + zip));
        assertEquals("Pending", created.get("State").asText());
        ok(aws.run("lambda", "wait", "function-active-v2", "--function-name", "cli-fn"));
        assertEquals(
                "Active",
                ok(aws.run("lambda", "get-function", "--function-name", "cli-fn"))
                        .get("Configuration")
                        .get("State")
                        .asText());

        JsonNode invoked = ok(aws.run(
                "lambda",
                "invoke",
                "--function-name",
                "cli-fn",
                "--cli-binary-format",
                "raw-in-base64-out",
                "--payload",
                "{\"name\":\"cli\"}",
                "--log-type",
                "Tail",
                work.resolve("out.json").toString()));
        assertEquals(200, invoked.get("StatusCode").asInt());
        assertEquals("$LATEST", invoked.get("ExecutedVersion").asText());
        assertEquals("{\"hello\": \"cli\"}", Files.readString(work.resolve("out.json")));
        String tail =
                new String(Base64.getDecoder().decode(invoked.get("LogResult").asText()), StandardCharsets.UTF_8);
        assertTrue(tail.contains("cli says {'name': 'cli'}"), tail);

        Path zip2 = Zips.of("app.py", "def handler(event, context):\n    return 'v2'\n")
                .write(work.resolve("fn2.zip"));
        ok(aws.run("lambda", "update-function-code", "--function-name", "cli-fn", "--zip-file", "fileb://" + zip2));
        ok(aws.run("lambda", "wait", "function-updated-v2", "--function-name", "cli-fn"));
        ok(aws.run(
                "lambda",
                "update-function-configuration",
                "--function-name",
                "cli-fn",
                "--timeout",
                "9",
                "--environment",
                "Variables={STAGE=test}"));
        ok(aws.run("lambda", "wait", "function-updated-v2", "--function-name", "cli-fn"));
        JsonNode config = ok(aws.run("lambda", "get-function-configuration", "--function-name", "cli-fn"));
        assertEquals(9, config.get("Timeout").asInt());
        assertEquals(
                "test", config.get("Environment").get("Variables").get("STAGE").asText());
        ok(aws.run(
                "lambda",
                "invoke",
                "--function-name",
                "cli-fn",
                work.resolve("out2.json").toString()));
        assertEquals("\"v2\"", Files.readString(work.resolve("out2.json")));

        JsonNode listed = ok(aws.run("lambda", "list-functions", "--max-items", "1"));
        assertEquals(1, listed.get("Functions").size());

        JsonNode logs = ok(aws.run("logs", "filter-log-events", "--log-group-name", "/aws/lambda/cli-fn"));
        assertTrue(logs.get("events").toString().contains("cli says"), logs.toString());

        ok(aws.run("lambda", "delete-function", "--function-name", "cli-fn"));
        AwsCli.Result gone = aws.run("lambda", "get-function", "--function-name", "cli-fn");
        assertEquals(254, gone.exitCode());
        assertTrue(gone.stderr().contains("ResourceNotFoundException"), gone.stderr());
    }

    @Test
    void cliShowsTypedErrors() throws Exception {
        Path zip = Zips.of("app.py", "x = 1\n").write(work.resolve("err.zip"));
        AwsCli.Result r = aws.run(
                "lambda",
                "create-function",
                "--function-name",
                "cli-bad",
                "--runtime",
                "cobol85",
                "--handler",
                "app.handler",
                "--role",
                Functions.ROLE,
                "--zip-file",
                "fileb://" + zip);
        assertEquals(254, r.exitCode());
        assertTrue(r.stderr().contains("InvalidParameterValueException"), r.stderr());
        AwsCli.Result missing = aws.run(
                "lambda",
                "invoke",
                "--function-name",
                "cli-nothing",
                work.resolve("x.json").toString());
        assertEquals(254, missing.exitCode());
        assertTrue(missing.stderr().contains("ResourceNotFoundException"), missing.stderr());
    }

    @Test
    void laminaInvokeAndLogs() throws Exception {
        Functions.create(
                node.lambda(),
                "cli-lamina",
                "python3.11",
                "app.handler",
                Functions.python(
                        "def handler(event, context):\n    print('from lamina cli', event['x'])\n    return event['x'] * 2\n"));
        Result invoked = lamina("invoke", "cli-lamina", "--payload", "{\"x\":21}", "--endpoint", node.endpoint());
        assertEquals(0, invoked.exit(), invoked.err());
        assertEquals("42", invoked.out().trim());

        Result logs = lamina("logs", "cli-lamina", "--endpoint", node.endpoint());
        assertEquals(0, logs.exit(), logs.err());
        assertTrue(logs.out().contains("from lamina cli 21"), logs.out());
        assertTrue(
                logs.out().lines().anyMatch(l -> l.matches("\\S+Z START RequestId: \\S+ Version: \\$LATEST")),
                logs.out());

        Result failing = lamina("invoke", "cli-missing", "--endpoint", node.endpoint());
        assertEquals(1, failing.exit());
        assertTrue(failing.out().contains("Function not found"), failing.out());
    }

    @Test
    void laminaLogsFollowPrintsNewEventsAsTheyCome() throws Exception {
        Functions.create(
                node.lambda(),
                "cli-follow",
                "python3.11",
                "app.handler",
                Functions.python("def handler(event, context):\n    print('follow', event['n'])\n"));
        node.lambda()
                .invoke(r -> r.functionName("cli-follow")
                        .payload(software.amazon.awssdk.core.SdkBytes.fromUtf8String("{\"n\":1}")));
        Path out = Files.createTempFile(work, "follow-", ".out");
        Process follow = laminaProcess("logs", "cli-follow", "--follow", "--endpoint", node.endpoint())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            awaitContent(out, "follow 1");
            node.lambda()
                    .invoke(r -> r.functionName("cli-follow")
                            .payload(software.amazon.awssdk.core.SdkBytes.fromUtf8String("{\"n\":2}")));
            awaitContent(out, "follow 2");
            assertEquals(
                    1,
                    Files.readAllLines(out).stream()
                            .filter(l -> l.endsWith(" follow 1"))
                            .count(),
                    "an event is printed once");
        } finally {
            follow.destroy();
            follow.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static void awaitContent(Path file, String text) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (Files.readString(file).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("'" + text + "' never appeared in: " + Files.readString(file));
    }

    record Result(int exit, String out, String err) {}

    static ProcessBuilder laminaProcess(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.lamina.node.cli.Lamina"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("LAMINA_ENDPOINT");
        pb.environment().put("AWS_ACCESS_KEY_ID", TestNode.ACCESS_KEY);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", TestNode.SECRET_KEY);
        pb.environment().put("LAMINA_ACCESS_KEY_ID", TestNode.ACCESS_KEY); // for `lamina server`
        pb.environment().put("LAMINA_SECRET_ACCESS_KEY", TestNode.SECRET_KEY);
        return pb;
    }

    /** Runs Lamina's command line as its own process, with the LAMINA_ENDPOINT variable unset. */
    static Result lamina(String... args) throws Exception {
        ProcessBuilder pb = laminaProcess(args);
        Path out = Files.createTempFile(work, "lamina-", ".out");
        Path err = Files.createTempFile(work, "lamina-", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "lamina " + String.join(" ", args) + " hung");
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
