package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The unmodified AWS CLI v2 ({@code /usr/bin/aws s3} and {@code s3api}) against a node's S3. */
class S3CliIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static TestNode node;
    static AwsCli aws;
    static Path work;

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

    static AwsCli.Result ok(String... args) throws Exception {
        AwsCli.Result r = aws.run(args);
        assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r.stdout() + r.stderr());
        return r;
    }

    @Test
    void mbCpLsSyncRmRb() throws Exception {
        ok("s3", "mb", "s3://cli-bucket");
        Path up = Files.writeString(work.resolve("hello.txt"), "hello from the cli\n");
        ok("s3", "cp", up.toString(), "s3://cli-bucket/docs/hello.txt");
        String listed = ok("s3", "ls", "s3://cli-bucket/docs/").stdout();
        assertTrue(listed.contains("hello.txt"), listed);
        assertTrue(ok("s3", "ls").stdout().contains("cli-bucket"));

        Path down = work.resolve("down.txt");
        ok("s3", "cp", "s3://cli-bucket/docs/hello.txt", down.toString());
        assertEquals("hello from the cli\n", Files.readString(down));

        Path tree = Files.createDirectories(work.resolve("tree/sub"));
        Files.writeString(tree.resolve("a.txt"), "a");
        Files.writeString(tree.getParent().resolve("b with space.txt"), "b");
        ok("s3", "sync", work.resolve("tree").toString(), "s3://cli-bucket/tree");
        String recursive =
                ok("s3", "ls", "--recursive", "s3://cli-bucket/tree/").stdout();
        assertTrue(recursive.contains("tree/sub/a.txt"), recursive);
        assertTrue(recursive.contains("tree/b with space.txt"), recursive);
        String again = ok("s3", "sync", work.resolve("tree").toString(), "s3://cli-bucket/tree")
                .stdout();
        assertEquals("", again.trim(), "a second sync has nothing to copy");

        Path back = work.resolve("back");
        ok("s3", "sync", "s3://cli-bucket/tree", back.toString());
        assertEquals("b", Files.readString(back.resolve("b with space.txt")));
        assertEquals("a", Files.readString(back.resolve("sub/a.txt")));

        AwsCli.Result notEmpty = aws.run("s3", "rb", "s3://cli-bucket");
        assertFalse(notEmpty.exitCode() == 0, notEmpty.stdout());
        assertTrue(notEmpty.stderr().contains("BucketNotEmpty"), notEmpty.stderr());
        ok("s3", "rm", "--recursive", "s3://cli-bucket/");
        ok("s3", "rb", "s3://cli-bucket");
        assertFalse(ok("s3", "ls").stdout().contains("cli-bucket"));
    }

    @Test
    void s3apiPutGetHeadAndErrors() throws Exception {
        ok("s3api", "create-bucket", "--bucket", "cli-api");
        Path body = Files.writeString(work.resolve("body.json"), "{\"a\":1}", StandardCharsets.UTF_8);
        JsonNode put = JSON.readTree(ok(
                        "s3api",
                        "put-object",
                        "--bucket",
                        "cli-api",
                        "--key",
                        "k.json",
                        "--body",
                        body.toString(),
                        "--content-type",
                        "application/json",
                        "--metadata",
                        "owner=cli")
                .stdout());
        String etag = put.get("ETag").asText();
        JsonNode head = JSON.readTree(ok("s3api", "head-object", "--bucket", "cli-api", "--key", "k.json")
                .stdout());
        assertEquals(etag, head.get("ETag").asText());
        assertEquals("application/json", head.get("ContentType").asText());
        assertEquals("cli", head.get("Metadata").get("owner").asText());
        assertEquals(7, head.get("ContentLength").asInt());

        Path out = work.resolve("out.json");
        ok("s3api", "get-object", "--bucket", "cli-api", "--key", "k.json", "--range", "bytes=1-3", out.toString());
        assertEquals("\"a\"", Files.readString(out));

        AwsCli.Result missing = aws.run("s3api", "get-object", "--bucket", "cli-api", "--key", "nope", out.toString());
        assertEquals(254, missing.exitCode());
        assertTrue(missing.stderr().contains("NoSuchKey"), missing.stderr());
        AwsCli.Result noBucket = aws.run("s3api", "head-bucket", "--bucket", "cli-missing");
        assertEquals(254, noBucket.exitCode());
        assertTrue(noBucket.stderr().contains("404"), noBucket.stderr());
        AwsCli.Result badName = aws.run("s3api", "create-bucket", "--bucket", "UPPER-case");
        assertEquals(254, badName.exitCode());
        assertTrue(badName.stderr().contains("InvalidBucketName"), badName.stderr());
    }
}
