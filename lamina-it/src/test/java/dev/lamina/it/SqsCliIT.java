package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SQS through the real AWS CLI v2 at /usr/bin/aws. Debian's CLI 2.9 speaks SQS's query protocol
 * (forms in, XML out); a newer one speaks JSON: both must work unchanged.
 */
class SqsCliIT {
    static TestNode node;
    static AwsCli aws;
    static Path work;
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        node = TestNode.start();
        work = Files.createDirectories(node.dataDir().resolve("sqs-cli"));
        aws = new AwsCli(node.endpoint(), work);
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

    /** A refused call: the CLI exits 254 and names the error's code. */
    static void refused(String code, AwsCli.Result r) {
        assertEquals(254, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("(" + code + ")"), r.stderr());
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aQueueAndItsMessagesThroughTheCli() throws Exception {
        String url = ok(aws.run(
                        "sqs",
                        "create-queue",
                        "--queue-name",
                        "cli-q",
                        "--attributes",
                        "VisibilityTimeout=20,DelaySeconds=0",
                        "--tags",
                        "team=a"))
                .get("QueueUrl")
                .asText();
        assertEquals(node.endpoint() + "/000000000000/cli-q", url);
        assertEquals(
                url,
                ok(aws.run("sqs", "get-queue-url", "--queue-name", "cli-q"))
                        .get("QueueUrl")
                        .asText());
        assertEquals(
                url,
                ok(aws.run("sqs", "list-queues", "--queue-name-prefix", "cli"))
                        .get("QueueUrls")
                        .get(0)
                        .asText());
        assertEquals(
                "a",
                ok(aws.run("sqs", "list-queue-tags", "--queue-url", url))
                        .get("Tags")
                        .get("team")
                        .asText());

        JsonNode sent = ok(aws.run(
                "sqs",
                "send-message",
                "--queue-url",
                url,
                "--message-body",
                "héllo <cli> & more",
                "--message-attributes",
                "{\"n\":{\"DataType\":\"Number\",\"StringValue\":\"7\"},"
                        + "\"b\":{\"DataType\":\"Binary\",\"BinaryValue\":\"AAEC/w==\"}}"));
        assertEquals(md5("héllo <cli> & more"), sent.get("MD5OfMessageBody").asText());
        assertTrue(sent.has("MD5OfMessageAttributes"), sent.toString());

        JsonNode got = ok(aws.run(
                        "sqs",
                        "receive-message",
                        "--queue-url",
                        url,
                        "--attribute-names",
                        "All",
                        "--message-attribute-names",
                        "All",
                        "--wait-time-seconds",
                        "1"))
                .get("Messages")
                .get(0);
        assertEquals(sent.get("MessageId").asText(), got.get("MessageId").asText());
        assertEquals("héllo <cli> & more", got.get("Body").asText());
        assertEquals("1", got.get("Attributes").get("ApproximateReceiveCount").asText());
        assertEquals(
                "7", got.get("MessageAttributes").get("n").get("StringValue").asText());
        assertEquals(
                "AAEC/w==",
                got.get("MessageAttributes").get("b").get("BinaryValue").asText());
        assertEquals(
                sent.get("MD5OfMessageAttributes").asText(),
                got.get("MD5OfMessageAttributes").asText());

        JsonNode attributes = ok(aws.run("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All"))
                .get("Attributes");
        assertEquals("20", attributes.get("VisibilityTimeout").asText());
        assertEquals(
                "1", attributes.get("ApproximateNumberOfMessagesNotVisible").asText());
        assertEquals(
                "arn:aws:sqs:us-east-1:000000000000:cli-q",
                attributes.get("QueueArn").asText());

        String handle = got.get("ReceiptHandle").asText();
        ok(aws.run(
                "sqs",
                "change-message-visibility",
                "--queue-url",
                url,
                "--receipt-handle",
                handle,
                "--visibility-timeout",
                "60"));
        ok(aws.run("sqs", "delete-message", "--queue-url", url, "--receipt-handle", handle));
        assertEquals(
                "0",
                ok(aws.run("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All"))
                        .get("Attributes")
                        .get("ApproximateNumberOfMessagesNotVisible")
                        .asText());

        JsonNode batch = ok(
                aws.run(
                        "sqs",
                        "send-message-batch",
                        "--queue-url",
                        url,
                        "--entries",
                        "[{\"Id\":\"one\",\"MessageBody\":\"1\"},{\"Id\":\"two\",\"MessageBody\":\"2\",\"DelaySeconds\":901}]"));
        assertEquals("one", batch.get("Successful").get(0).get("Id").asText());
        assertEquals(
                md5("1"), batch.get("Successful").get(0).get("MD5OfMessageBody").asText());
        assertEquals("two", batch.get("Failed").get(0).get("Id").asText());
        assertEquals(
                "InvalidParameterValue", batch.get("Failed").get(0).get("Code").asText());
        assertTrue(batch.get("Failed").get(0).get("SenderFault").asBoolean());

        ok(aws.run(
                "sqs",
                "add-permission",
                "--queue-url",
                url,
                "--label",
                "senders",
                "--aws-account-ids",
                "111122223333",
                "--actions",
                "SendMessage",
                "ReceiveMessage"));
        String policy = ok(aws.run("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "Policy"))
                .get("Attributes")
                .get("Policy")
                .asText();
        assertEquals(
                "SQS:ReceiveMessage",
                JSON.readTree(policy)
                        .get("Statement")
                        .get(0)
                        .get("Action")
                        .get(1)
                        .asText(),
                policy);
        ok(aws.run("sqs", "remove-permission", "--queue-url", url, "--label", "senders"));

        ok(aws.run("sqs", "purge-queue", "--queue-url", url));
        JsonNode empty = ok(aws.run("sqs", "receive-message", "--queue-url", url));
        assertTrue(!empty.has("Messages") || empty.get("Messages").isEmpty(), empty.toString());
        ok(aws.run("sqs", "delete-queue", "--queue-url", url));
        refused("AWS.SimpleQueueService.NonExistentQueue", aws.run("sqs", "get-queue-url", "--queue-name", "cli-q"));
    }

    @Test
    void aFifoQueueThroughTheCli() throws Exception {
        String url = ok(aws.run(
                        "sqs",
                        "create-queue",
                        "--queue-name",
                        "cli.fifo",
                        "--attributes",
                        "FifoQueue=true,ContentBasedDeduplication=true"))
                .get("QueueUrl")
                .asText();
        JsonNode first = ok(
                aws.run("sqs", "send-message", "--queue-url", url, "--message-body", "one", "--message-group-id", "g"));
        assertTrue(first.get("SequenceNumber").asText().matches("[0-9]{20}"), first.toString());
        ok(aws.run("sqs", "send-message", "--queue-url", url, "--message-body", "two", "--message-group-id", "g"));
        assertEquals(
                first.get("MessageId").asText(),
                ok(aws.run(
                                "sqs",
                                "send-message",
                                "--queue-url",
                                url,
                                "--message-body",
                                "one",
                                "--message-group-id",
                                "g"))
                        .get("MessageId")
                        .asText(),
                "deduplicated by content");
        JsonNode got = ok(aws.run(
                "sqs",
                "receive-message",
                "--queue-url",
                url,
                "--max-number-of-messages",
                "10",
                "--attribute-names",
                "All"));
        assertEquals("one", got.get("Messages").get(0).get("Body").asText());
        assertEquals("two", got.get("Messages").get(1).get("Body").asText());
        assertEquals(
                "g",
                got.get("Messages")
                        .get(0)
                        .get("Attributes")
                        .get("MessageGroupId")
                        .asText());
        assertEquals(2, got.get("Messages").size());
        refused("MissingParameter", aws.run("sqs", "send-message", "--queue-url", url, "--message-body", "no group"));
    }

    @Test
    void badInputGetsTheQueryErrorsAndChangesNothing() throws Exception {
        String url = ok(aws.run("sqs", "create-queue", "--queue-name", "cli-strict"))
                .get("QueueUrl")
                .asText();
        refused(
                "AWS.SimpleQueueService.NonExistentQueue",
                aws.run(
                        "sqs",
                        "send-message",
                        "--queue-url",
                        node.endpoint() + "/000000000000/missing",
                        "--message-body",
                        "x"));
        refused(
                "InvalidAttributeName",
                aws.run("sqs", "set-queue-attributes", "--queue-url", url, "--attributes", "Colour=blue"));
        refused(
                "InvalidAttributeValue",
                aws.run("sqs", "set-queue-attributes", "--queue-url", url, "--attributes", "DelaySeconds=901"));
        refused(
                "QueueAlreadyExists",
                aws.run("sqs", "create-queue", "--queue-name", "cli-strict", "--attributes", "DelaySeconds=5"));
        Path body = work.resolve("too-long.txt");
        Files.writeString(body, "x".repeat(1_048_577));
        refused(
                "InvalidParameterValue",
                aws.run("sqs", "send-message", "--queue-url", url, "--message-body", "file://" + body));
        refused(
                "ReceiptHandleIsInvalid",
                aws.run("sqs", "delete-message", "--queue-url", url, "--receipt-handle", "not-a-handle"));
        JsonNode attributes = ok(aws.run("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All"))
                .get("Attributes");
        assertEquals("0", attributes.get("DelaySeconds").asText(), "refused changes changed nothing");
        assertEquals("0", attributes.get("ApproximateNumberOfMessages").asText());
        assertNotEquals(null, attributes.get("CreatedTimestamp"));
    }
}
