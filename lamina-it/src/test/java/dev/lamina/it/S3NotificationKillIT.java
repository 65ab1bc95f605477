package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;

/**
 * Bucket notifications under the worst stop there is: uploads the node acknowledged, whose
 * notifications are still on their way (in the outbox, or queued for the function) when the node
 * process is killed with SIGKILL, each reach the function after the next start. The function, held to
 * one environment and slowed, tells a collector in this test each key it was notified of.
 */
class S3NotificationKillIT {
    static final int OBJECTS = 24;

    @Test
    void everyAcknowledgedUploadIsNotifiedAcrossASigkill() throws Exception {
        Path data = Files.createTempDirectory("lamina-s3-kill-");
        NodeProcess first = null;
        NodeProcess second = null;
        try (Collector collector = new Collector()) {
            String[] args = {"--network", "host", "--port", "0", "--data-dir", data.toString()};
            first = NodeProcess.start(data.resolve("first.out"), args);
            String functionArn;
            try (LambdaClient lambda = first.lambda()) {
                functionArn = Functions.create(
                                lambda,
                                Functions.request("notified", "python3.11", "app.handler", Functions.python("""
                                                import os, time, urllib.request
                                                def handler(event, context):
                                                    time.sleep(0.25)
                                                    for record in event["Records"]:
                                                        url = "http://127.0.0.1:%s/done/%s" % (
                                                            os.environ["COLLECTOR"], record["s3"]["object"]["key"])
                                                        urllib.request.urlopen(
                                                            urllib.request.Request(url, data=b""), timeout=10).read()
                                                """))
                                        .environment(e -> e.variables(Map.of("COLLECTOR", "" + collector.port())))
                                        .build())
                        .functionArn();
                lambda.putFunctionConcurrency(r -> r.functionName("notified").reservedConcurrentExecutions(1));
                lambda.addPermission(r -> r.functionName("notified")
                        .statementId("s3")
                        .action("lambda:InvokeFunction")
                        .principal("s3.amazonaws.com")
                        .sourceArn("arn:aws:s3:::uploads"));
            }
            Set<String> keys = new TreeSet<>();
            try (S3Client s3 = S3Clients.pathStyle(first.endpoint())) {
                s3.createBucket(r -> r.bucket("uploads"));
                s3.putBucketNotificationConfiguration(r -> r.bucket("uploads")
                        .notificationConfiguration(
                                c -> c.lambdaFunctionConfigurations(LambdaFunctionConfiguration.builder()
                                        .lambdaFunctionArn(functionArn)
                                        .events(Event.S3_OBJECT_CREATED)
                                        .build())));
                for (int i = 0; i < OBJECTS; i++) {
                    String key = "object-" + i;
                    s3.putObject(r -> r.bucket("uploads").key(key), RequestBody.fromString(key));
                    keys.add(key);
                }
            }
            try {
                AsyncLogs.awaitTrue(() -> collector.names("done").size() >= 3, Duration.ofSeconds(90), "notifications");
            } catch (AssertionError e) {
                AwsCli.Result logs = new AwsCli(first.endpoint().toString(), data)
                        .run("logs", "filter-log-events", "--log-group-name", "/aws/lambda/notified");
                throw new AssertionError(
                        "no notification arrived; the function logged:\n" + logs.stdout() + logs.stderr()
                                + "\nthe node said:\n" + Files.readString(data.resolve("first.out")),
                        e);
            }
            first.kill();
            assertTrue(
                    collector.names("done").size() < OBJECTS,
                    "some notifications were still on their way when the node was killed");

            second = NodeProcess.start(data.resolve("second.out"), args);
            try {
                AsyncLogs.awaitTrue(
                        () -> collector.names("done").containsAll(keys), Duration.ofSeconds(120), "notifications");
            } catch (AssertionError e) {
                throw new AssertionError("not every upload was notified after the restart: " + collector.names("done")
                        + "; the second node said:\n" + Files.readString(data.resolve("second.out")));
            }
            assertEquals(keys, new TreeSet<>(collector.names("done")), "nothing notified that was not uploaded");
        } finally {
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
            TestNode.deleteTree(data);
        }
    }
}
