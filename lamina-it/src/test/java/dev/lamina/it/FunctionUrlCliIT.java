package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The function URL operations through the real AWS CLI v2, and the URL it returns through curl. */
class FunctionUrlCliIT {
    static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";
    static TestNode node;
    static AwsCli aws;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        node = TestNode.start();
        aws = new AwsCli(node.endpoint(), Files.createDirectories(node.dataDir().resolve("cli-work")));
        Functions.create(
                node.lambda(),
                "cli-url",
                "python3.11",
                "app.handler",
                Functions.python(
                        "def handler(e, c):\n    return {'statusCode': 200, 'body': 'via ' + e['rawPath']}\n"));
        node.lambda().publishVersion(r -> r.functionName("cli-url"));
        node.lambda().createAlias(r -> r.functionName("cli-url").name("live").functionVersion("1"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    static JsonNode ok(AwsCli.Result r) throws Exception {
        return CliIT.ok(r);
    }

    static String curl(String url) throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", url).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void everyOperationThroughTheCli() throws Exception {
        JsonNode created = ok(aws.run(
                "lambda",
                "create-function-url-config",
                "--function-name",
                "cli-url",
                "--auth-type",
                "NONE",
                "--cors",
                "AllowOrigins=https://a.example,AllowMethods=GET,MaxAge=60"));
        String url = created.get("FunctionUrl").asText();
        assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/_lamina/url/[a-z0-9]{32}/"), url);
        assertEquals(
                "arn:aws:lambda:us-east-1:000000000000:function:cli-url",
                created.get("FunctionArn").asText());
        assertEquals("NONE", created.get("AuthType").asText());
        assertTrue(created.get("CreationTime").asText().matches(TIME));
        assertEquals(60, created.get("Cors").get("MaxAge").asInt());
        assertEquals("via /from-curl", curl(url + "from-curl"));

        JsonNode got = ok(aws.run("lambda", "get-function-url-config", "--function-name", "cli-url"));
        assertEquals(url, got.get("FunctionUrl").asText());
        assertTrue(got.get("LastModifiedTime").asText().matches(TIME));
        assertEquals(
                "https://a.example", got.get("Cors").get("AllowOrigins").get(0).asText());

        JsonNode updated = ok(aws.run(
                "lambda", "update-function-url-config", "--function-name", "cli-url", "--auth-type", "AWS_IAM"));
        assertEquals("AWS_IAM", updated.get("AuthType").asText());
        assertEquals(url, updated.get("FunctionUrl").asText());
        assertTrue(updated.get("LastModifiedTime").asText().matches(TIME));
        assertTrue(curl(url + "x").contains("Forbidden"), "AWS_IAM URLs refuse unsigned callers");

        JsonNode alias = ok(aws.run(
                "lambda",
                "create-function-url-config",
                "--function-name",
                "cli-url",
                "--qualifier",
                "live",
                "--auth-type",
                "NONE"));
        assertEquals(
                "arn:aws:lambda:us-east-1:000000000000:function:cli-url:live",
                alias.get("FunctionArn").asText());
        assertNotEquals(url, alias.get("FunctionUrl").asText());

        // the CLI follows NextMarker by itself; one item per page makes it go twice
        JsonNode listed =
                ok(aws.run("lambda", "list-function-url-configs", "--function-name", "cli-url", "--page-size", "1"));
        Set<String> arns = new HashSet<>();
        for (JsonNode c : listed.get("FunctionUrlConfigs")) {
            arns.add(c.get("FunctionArn").asText());
            assertTrue(c.get("FunctionUrl").asText().startsWith("http://"));
            assertTrue(c.get("CreationTime").asText().matches(TIME));
            assertTrue(c.get("LastModifiedTime").asText().matches(TIME));
        }
        assertEquals(
                Set.of(
                        "arn:aws:lambda:us-east-1:000000000000:function:cli-url",
                        "arn:aws:lambda:us-east-1:000000000000:function:cli-url:live"),
                arns);

        ok(aws.run("lambda", "delete-function-url-config", "--function-name", "cli-url", "--qualifier", "live"));
        ok(aws.run("lambda", "delete-function-url-config", "--function-name", "cli-url"));
        AwsCli.Result gone = aws.run("lambda", "get-function-url-config", "--function-name", "cli-url");
        assertEquals(254, gone.exitCode(), gone.stderr());
        assertTrue(gone.stderr().contains("ResourceNotFoundException"), gone.stderr());
        assertTrue(curl(url).contains("Forbidden"), "a deleted URL answers no more");
    }

    @Test
    void badInputThroughTheCli() throws Exception {
        AwsCli.Result noFunction =
                aws.run("lambda", "create-function-url-config", "--function-name", "cli-nobody", "--auth-type", "NONE");
        assertEquals(254, noFunction.exitCode());
        assertTrue(noFunction.stderr().contains("ResourceNotFoundException"), noFunction.stderr());
        AwsCli.Result version = aws.run(
                "lambda",
                "create-function-url-config",
                "--function-name",
                "cli-url",
                "--qualifier",
                "1",
                "--auth-type",
                "NONE");
        assertEquals(254, version.exitCode());
        assertTrue(version.stderr().contains("ValidationException"), version.stderr());
    }
}
