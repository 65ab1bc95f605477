package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Bucket notifications end to end: a real node, S3 driven by the SDK for Java v2, a Python function
 * that prints each event it gets ({@code RECORD <event>}) and a queue, as S3 sends them: a change the
 * client was told of reaches each matching target with S3's event record.
 */
class S3NotificationIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    static TestNode node;
    static LambdaClient lambda;
    static S3Client s3;
    static SqsClient sqs;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        lambda = node.lambda();
        s3 = S3Clients.pathStyle(node);
        sqs = SqsIT.client(node);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {s3, sqs}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing a client
            }
        }
        if (node != null) {
            node.close();
        }
    }

    private static List<JsonNode> records(String function) {
        return AsyncLogs.records(node, function).stream()
                .map(e -> e.get("Records").get(0))
                .toList();
    }

    private static LambdaFunctionConfiguration onCreated(String functionArn) {
        return LambdaFunctionConfiguration.builder()
                .id("created")
                .lambdaFunctionArn(functionArn)
                .events(Event.S3_OBJECT_CREATED)
                .filter(f -> f.key(k -> k.filterRules(
                        FilterRule.builder()
                                .name(FilterRuleName.PREFIX)
                                .value("in/")
                                .build(),
                        FilterRule.builder()
                                .name(FilterRuleName.SUFFIX)
                                .value(".txt")
                                .build())))
                .build();
    }

    @Test
    void matchingChangesReachTheFunctionAndTheQueueWithS3sRecord() throws Exception {
        String bucket = "notified";
        String fn = "on-upload";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python(AsyncLogs.RECORDER));
        String functionArn =
                lambda.getFunction(r -> r.functionName(fn)).configuration().functionArn();
        lambda.addPermission(r -> r.functionName(fn)
                .statementId("s3")
                .action("lambda:InvokeFunction")
                .principal("s3.amazonaws.com")
                .sourceArn("arn:aws:s3:::" + bucket));
        String url = sqs.createQueue(r -> r.queueName("removals")).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        s3.createBucket(r -> r.bucket(bucket));
        s3.putBucketNotificationConfiguration(r -> r.bucket(bucket)
                .notificationConfiguration(c -> c.lambdaFunctionConfigurations(onCreated(functionArn))
                        .queueConfigurations(QueueConfiguration.builder()
                                .id("removed")
                                .queueArn(queueArn)
                                .events(Event.S3_OBJECT_REMOVED)
                                .build())));
        var stored = s3.getBucketNotificationConfiguration(r -> r.bucket(bucket));
        assertEquals(
                functionArn, stored.lambdaFunctionConfigurations().getFirst().lambdaFunctionArn());
        assertEquals(queueArn, stored.queueConfigurations().getFirst().queueArn());

        s3.putObject(r -> r.bucket(bucket).key("out/skipped.txt"), RequestBody.fromString("no"));
        s3.putObject(r -> r.bucket(bucket).key("in/skipped.bin"), RequestBody.fromString("no"));
        var put = s3.putObject(r -> r.bucket(bucket).key("in/a b.txt"), RequestBody.fromString("hello"));
        JsonNode created = AsyncLogs.await(
                () -> records(fn).stream().findFirst().orElse(null),
                Duration.ofSeconds(30),
                "no notification reached the function");
        assertEquals("2.1", created.get("eventVersion").asText());
        assertEquals("aws:s3", created.get("eventSource").asText());
        assertEquals("ObjectCreated:Put", created.get("eventName").asText());
        assertEquals("created", created.get("s3").get("configurationId").asText());
        assertEquals(bucket, created.get("s3").get("bucket").get("name").asText());
        assertEquals(
                "arn:aws:s3:::" + bucket,
                created.get("s3").get("bucket").get("arn").asText());
        JsonNode object = created.get("s3").get("object");
        assertEquals("in/a+b.txt", object.get("key").asText(), "the key is URL-encoded, as S3 sends it");
        assertEquals(5, object.get("size").asInt());
        assertEquals(put.eTag().replace("\"", ""), object.get("eTag").asText());
        assertTrue(object.get("sequencer").asText().matches("[0-9A-F]+"), object.toString());

        s3.deleteObject(r -> r.bucket(bucket).key("in/a b.txt"));
        var removal = AsyncLogs.await(
                () -> sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages().stream()
                        .findFirst()
                        .orElse(null),
                Duration.ofSeconds(30),
                "no notification reached the queue");
        JsonNode removed = JSON.readTree(removal.body()).get("Records").get(0);
        assertEquals("ObjectRemoved:Delete", removed.get("eventName").asText());
        assertEquals("in/a+b.txt", removed.get("s3").get("object").get("key").asText());

        // the removal went out after the creation, so the skipped puts before both would have too
        assertEquals(1, records(fn).size(), "only the matching upload reached the function: " + records(fn));
    }

    @Test
    void aFunctionThatDoesNotAllowS3IsRefusedAndNothingIsStored() throws Exception {
        String bucket = "refused";
        String fn = "no-permission";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python(AsyncLogs.RECORDER));
        String functionArn =
                lambda.getFunction(r -> r.functionName(fn)).configuration().functionArn();
        s3.createBucket(r -> r.bucket(bucket));
        S3Exception refused = assertThrows(
                S3Exception.class,
                () -> s3.putBucketNotificationConfiguration(r -> r.bucket(bucket)
                        .notificationConfiguration(c -> c.lambdaFunctionConfigurations(onCreated(functionArn)))));
        assertEquals(400, refused.statusCode());
        assertEquals("InvalidArgument", refused.awsErrorDetails().errorCode());
        assertEquals(
                "Unable to validate the following destination configurations",
                refused.awsErrorDetails().errorMessage());
        assertTrue(s3.getBucketNotificationConfiguration(r -> r.bucket(bucket))
                .lambdaFunctionConfigurations()
                .isEmpty());
        S3Exception noBucket = assertThrows(
                S3Exception.class, () -> s3.getBucketNotificationConfiguration(r -> r.bucket("no-such-bucket-here")));
        assertEquals("NoSuchBucket", noBucket.awsErrorDetails().errorCode());
    }
}
