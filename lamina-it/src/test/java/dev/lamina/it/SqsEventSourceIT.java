package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.Filter;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS event source mappings end to end: a real node, its queue service driven by the SDK for Java v2
 * (and the CLI), and a Python function that prints each batch it gets ({@code BATCH <event>}) and
 * reports the messages whose body says "fail" as batch item failures.
 */
class SqsEventSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = """
            import json, time
            def handler(event, context):
                print("BATCH " + json.dumps(dict(event, at=time.time_ns())))
                if any("crash" in r["body"] for r in event["Records"]):
                    raise Exception("boom")
                return {"batchItemFailures": [{"itemIdentifier": r["messageId"]}
                                              for r in event["Records"] if "fail" in r["body"]]}
            """;

    static TestNode node;
    static LambdaClient lambda;
    static SqsClient sqs;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        lambda = node.lambda();
        sqs = SqsIT.client(node);
    }

    @AfterAll
    static void stop() {
        if (sqs != null) {
            sqs.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static String queue(String name, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
    }

    private static String arn(String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    private static void function(String name) {
        Functions.create(lambda, name, "python3.11", "app.handler", Functions.python(HANDLER));
    }

    private static EventSourceMappingConfiguration awaitState(String uuid, String state) throws InterruptedException {
        return AsyncLogs.await(
                () -> {
                    var m = lambda.getEventSourceMapping(r -> r.uuid(uuid));
                    return m.state().equals(state)
                            ? EventSourceMappingConfiguration.builder()
                                    .uuid(m.uuid())
                                    .state(m.state())
                                    .build()
                            : null;
                },
                Duration.ofSeconds(30),
                "mapping " + uuid + " never " + state);
    }

    /** Every record the function received, in the order its batches were logged. */
    private static List<JsonNode> records(String function) {
        return AsyncLogs.batchRecords(node, function);
    }

    private static Set<String> bodies(List<JsonNode> records) {
        Set<String> out = new TreeSet<>();
        records.forEach(r -> out.add(r.get("body").asText()));
        return out;
    }

    private static int inQueue(String url) {
        var a = sqs.getQueueAttributes(r -> r.queueUrl(url)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void messagesReachTheFunctionInLambdasRecordsAndLeaveTheQueue() throws Exception {
        String fn = "esm-basic";
        function(fn);
        String url = queue("esm-basic", Map.of());
        String queueArn = arn(url);
        var created =
                lambda.createEventSourceMapping(r -> r.eventSourceArn(queueArn).functionName(fn));
        assertEquals("Creating", created.state());
        assertEquals(10, created.batchSize());
        assertEquals(0, created.maximumBatchingWindowInSeconds());
        assertEquals("USER_INITIATED", created.stateTransitionReason());
        assertEquals(
                "arn:aws:lambda:us-east-1:000000000000:event-source-mapping:" + created.uuid(),
                created.eventSourceMappingArn());
        awaitState(created.uuid(), "Enabled");

        String id = sqs.sendMessage(r -> r.queueUrl(url)
                        .messageBody("hello")
                        .messageAttributes(Map.of(
                                "Title",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue("T")
                                        .build())))
                .messageId();
        JsonNode record = AsyncLogs.await(
                () -> records(fn).stream()
                        .filter(r -> r.get("messageId").asText().equals(id))
                        .findFirst()
                        .orElse(null),
                Duration.ofSeconds(30),
                "the message never reached the function");
        assertEquals("hello", record.get("body").asText());
        assertEquals("aws:sqs", record.get("eventSource").asText());
        assertEquals(queueArn, record.get("eventSourceARN").asText());
        assertEquals("us-east-1", record.get("awsRegion").asText());
        assertEquals(
                "1", record.get("attributes").get("ApproximateReceiveCount").asText());
        assertEquals(
                "T",
                record.get("messageAttributes").get("Title").get("stringValue").asText());
        assertEquals(
                "String",
                record.get("messageAttributes").get("Title").get("dataType").asText());
        AsyncLogs.awaitTrue(() -> inQueue(url) == 0, Duration.ofSeconds(30), "the handled message stayed");
    }

    @Test
    void reportedFailuresComeBackAndReachTheDeadLetterQueue() throws Exception {
        String fn = "esm-partial";
        function(fn);
        String dlq = queue("esm-partial-dlq", Map.of());
        String url = queue(
                "esm-partial",
                Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT,
                        "3",
                        QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"" + arn(dlq) + "\",\"maxReceiveCount\":\"2\"}"));
        var mapping = lambda.createEventSourceMapping(r -> r.eventSourceArn(arn(url))
                .functionName(fn)
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));
        awaitState(mapping.uuid(), "Enabled");
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("ok-1"));
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("fail-2"));

        var dead = AsyncLogs.await(
                () -> {
                    var got = sqs.receiveMessage(r -> r.queueUrl(dlq).waitTimeSeconds(1))
                            .messages();
                    return got.isEmpty() ? null : got;
                },
                Duration.ofSeconds(60),
                "the failing message never reached the dead-letter queue");
        assertEquals("fail-2", dead.getFirst().body());
        List<JsonNode> seen = records(fn);
        assertEquals(
                1,
                seen.stream().filter(r -> r.get("body").asText().equals("ok-1")).count(),
                "ok-1 once");
        assertEquals(
                List.of("1", "2"),
                seen.stream()
                        .filter(r -> r.get("body").asText().equals("fail-2"))
                        .map(r -> r.get("attributes")
                                .get("ApproximateReceiveCount")
                                .asText())
                        .toList(),
                "fail-2 came back once after its visibility timeout");
        assertEquals(0, inQueue(url));
    }

    @Test
    void messagesNoFilterMatchesAreDroppedUnseen() throws Exception {
        String fn = "esm-filter";
        function(fn);
        String url = queue("esm-filter", Map.of());
        var mapping = lambda.createEventSourceMapping(r -> r.eventSourceArn(arn(url))
                .functionName(fn)
                .filterCriteria(c -> c.filters(Filter.builder()
                        .pattern("{\"body\": {\"kind\": [\"order\"]}}")
                        .build())));
        assertEquals(
                "{\"body\": {\"kind\": [\"order\"]}}",
                mapping.filterCriteria().filters().getFirst().pattern());
        awaitState(mapping.uuid(), "Enabled");
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("{\"kind\": \"other\"}"));
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("plain text"));
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("{\"kind\": \"order\"}"));
        AsyncLogs.awaitTrue(
                () -> inQueue(url) == 0 && !records(fn).isEmpty(),
                Duration.ofSeconds(30),
                "the queue was never emptied");
        assertEquals(Set.of("{\"kind\": \"order\"}"), bodies(records(fn)));
    }

    @Test
    void aDisabledMappingLeavesMessagesUntilEnabledAgain() throws Exception {
        String fn = "esm-disable";
        function(fn);
        String url = queue("esm-disable", Map.of());
        var mapping = lambda.createEventSourceMapping(
                r -> r.eventSourceArn(arn(url)).functionName(fn).enabled(false));
        assertEquals("Creating", mapping.state());
        awaitState(mapping.uuid(), "Disabled");
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("while-disabled"));
        var enabling =
                lambda.updateEventSourceMapping(r -> r.uuid(mapping.uuid()).enabled(true));
        assertEquals("Enabling", enabling.state());
        JsonNode record = AsyncLogs.await(
                () -> records(fn).stream().findFirst().orElse(null),
                Duration.ofSeconds(30),
                "the message never reached the function once enabled");
        // received for the first time only now: the disabled mapping never took it
        assertEquals(
                "1", record.get("attributes").get("ApproximateReceiveCount").asText());
        assertEquals(
                "Deleting",
                lambda.deleteEventSourceMapping(r -> r.uuid(mapping.uuid())).state());
        assertThrows(ResourceNotFoundException.class, () -> lambda.getEventSourceMapping(r -> r.uuid(mapping.uuid())));
    }

    @Test
    void badRequestsAreRefusedWithLambdasMessagesAndMakeNothing() throws Exception {
        String fn = "esm-bad";
        Functions.create(
                lambda,
                Functions.request(fn, "python3.11", "app.handler", Functions.python(HANDLER))
                        .timeout(60)
                        .build());
        String url = queue("esm-bad", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
        String queueArn = arn(url);
        int before = lambda.listEventSourceMappings().eventSourceMappings().size();
        assertEquals(
                "Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds",
                assertThrows(
                                InvalidParameterValueException.class,
                                () -> lambda.createEventSourceMapping(
                                        r -> r.eventSourceArn(queueArn).functionName(fn)))
                        .awsErrorDetails()
                        .errorMessage());
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60")));
        assertEquals(
                "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
                assertThrows(
                                InvalidParameterValueException.class,
                                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(queueArn)
                                        .functionName(fn)
                                        .batchSize(11)))
                        .awsErrorDetails()
                        .errorMessage());
        assertEquals(
                "Function does not exist",
                assertThrows(
                                InvalidParameterValueException.class,
                                () -> lambda.createEventSourceMapping(
                                        r -> r.eventSourceArn(queueArn).functionName("no-such-function")))
                        .awsErrorDetails()
                        .errorMessage());
        assertTrue(assertThrows(
                        InvalidParameterValueException.class,
                        () -> lambda.createEventSourceMapping(
                                r -> r.eventSourceArn(queueArn + "-missing").functionName(fn)))
                .awsErrorDetails()
                .errorMessage()
                .contains("AWS.SimpleQueueService.NonExistentQueue"));
        assertEquals(
                "Invalid filter pattern definition.",
                assertThrows(
                                InvalidParameterValueException.class,
                                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(queueArn)
                                        .functionName(fn)
                                        .filterCriteria(c -> c.filters(Filter.builder()
                                                .pattern("{\"body\": []}")
                                                .build()))))
                        .awsErrorDetails()
                        .errorMessage());
        assertEquals(
                before, lambda.listEventSourceMappings().eventSourceMappings().size(), "nothing was made");

        var made =
                lambda.createEventSourceMapping(r -> r.eventSourceArn(queueArn).functionName(fn));
        ResourceConflictException twice = assertThrows(
                ResourceConflictException.class,
                () -> lambda.createEventSourceMapping(
                        r -> r.eventSourceArn(queueArn).functionName(fn)));
        assertTrue(twice.awsErrorDetails().errorMessage().endsWith("existing mapping with UUID " + made.uuid()));
        assertEquals(
                "The resource you requested does not exist.",
                assertThrows(
                                ResourceNotFoundException.class,
                                () -> lambda.getEventSourceMapping(r -> r.uuid("00000000-0000-4000-8000-000000000000")))
                        .awsErrorDetails()
                        .errorMessage());
        lambda.deleteEventSourceMapping(r -> r.uuid(made.uuid()));
    }

    @Test
    void anEventInvocationsRecordReachesItsQueueDestinations() throws Exception {
        String failing = "dest-failing";
        Functions.create(lambda, failing, "python3.11", "app.handler", Functions.python(AsyncLogs.FAILING));
        String ok = "dest-ok";
        function(ok);
        String failures = queue("dest-failures", Map.of());
        String successes = queue("dest-successes", Map.of());
        lambda.putFunctionEventInvokeConfig(r -> r.functionName(failing)
                .maximumRetryAttempts(0)
                .destinationConfig(d -> d.onFailure(f -> f.destination(arn(failures)))));
        lambda.putFunctionEventInvokeConfig(r ->
                r.functionName(ok).destinationConfig(d -> d.onSuccess(f -> f.destination(arn(successes)))));

        String failed = lambda.invoke(r ->
                        r.functionName(failing).invocationType("Event").payload(SdkBytes.fromUtf8String("{\"n\": 1}")))
                .responseMetadata()
                .requestId();
        String succeeded = lambda.invoke(r -> r.functionName(ok)
                        .invocationType("Event")
                        .payload(SdkBytes.fromUtf8String("{\"Records\": []}")))
                .responseMetadata()
                .requestId();

        JsonNode failure = JSON.readTree(awaitMessage(failures).body());
        assertEquals(
                "RetriesExhausted",
                failure.get("requestContext").get("condition").asText(),
                failure.toString());
        assertEquals(failed, failure.get("requestContext").get("requestId").asText());
        assertEquals(
                "Unhandled", failure.get("responseContext").get("functionError").asText());
        assertEquals(1, failure.get("requestPayload").get("n").asInt());
        JsonNode success = JSON.readTree(awaitMessage(successes).body());
        assertEquals("Success", success.get("requestContext").get("condition").asText(), success.toString());
        assertEquals(succeeded, success.get("requestContext").get("requestId").asText());
    }

    @Test
    void aFailedEventReachesTheFunctionsDeadLetterQueueBesideItsOnFailureDestination() throws Exception {
        String failing = "dlq-failing";
        Functions.create(lambda, failing, "python3.11", "app.handler", Functions.python(AsyncLogs.FAILING));
        String deadLetters = queue("dlq-dead-letters", Map.of());
        String failures = queue("dlq-failures", Map.of());
        lambda.updateFunctionConfiguration(
                r -> r.functionName(failing).deadLetterConfig(d -> d.targetArn(arn(deadLetters))));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(failing));
        assertEquals(
                arn(deadLetters),
                lambda.getFunctionConfiguration(r -> r.functionName(failing))
                        .deadLetterConfig()
                        .targetArn());
        lambda.putFunctionEventInvokeConfig(r -> r.functionName(failing)
                .maximumRetryAttempts(0)
                .destinationConfig(d -> d.onFailure(f -> f.destination(arn(failures)))));

        String failed = lambda.invoke(r ->
                        r.functionName(failing).invocationType("Event").payload(SdkBytes.fromUtf8String("{\"n\": 2}")))
                .responseMetadata()
                .requestId();

        var letter = awaitMessage(deadLetters);
        assertEquals(2, JSON.readTree(letter.body()).get("n").asInt(), "the event itself: " + letter.body());
        Map<String, MessageAttributeValue> attributes = letter.messageAttributes();
        assertEquals(failed, attributes.get("RequestID").stringValue(), attributes.toString());
        assertEquals("String", attributes.get("RequestID").dataType());
        assertEquals("200", attributes.get("ErrorCode").stringValue());
        assertEquals("Number", attributes.get("ErrorCode").dataType());
        assertEquals("boom", attributes.get("ErrorMessage").stringValue());
        var recordMessage = awaitMessage(failures);
        JsonNode record = JSON.readTree(recordMessage.body());
        assertEquals(failed, record.get("requestContext").get("requestId").asText(), "and the destination too");
        sqs.deleteMessage(r -> r.queueUrl(deadLetters).receiptHandle(letter.receiptHandle()));
        sqs.deleteMessage(r -> r.queueUrl(failures).receiptHandle(recordMessage.receiptHandle()));

        // an empty target removes the queue, and a failure then reaches only the destination
        lambda.updateFunctionConfiguration(r -> r.functionName(failing).deadLetterConfig(d -> d.targetArn("")));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(failing));
        assertEquals(
                null,
                lambda.getFunctionConfiguration(r -> r.functionName(failing)).deadLetterConfig());
        lambda.invoke(
                r -> r.functionName(failing).invocationType("Event").payload(SdkBytes.fromUtf8String("{\"n\": 3}")));
        assertEquals(
                3,
                JSON.readTree(awaitMessage(failures).body())
                        .get("requestPayload")
                        .get("n")
                        .asInt());
        assertEquals(0, inQueue(deadLetters), "no dead letter once the queue was removed");
    }

    private static software.amazon.awssdk.services.sqs.model.Message awaitMessage(String url)
            throws InterruptedException {
        return AsyncLogs.await(
                () -> sqs
                        .receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1).messageAttributeNames("All"))
                        .messages()
                        .stream()
                        .findFirst()
                        .orElse(null),
                Duration.ofSeconds(60),
                "no invocation record reached " + url);
    }

    @Test
    void theCliListsAndDeletesMappings() throws Exception {
        String fn = "esm-cli";
        function(fn);
        String queueArn = arn(queue("esm-cli", Map.of()));
        Path home = Files.createTempDirectory("lamina-cli-");
        try {
            AwsCli aws = new AwsCli(node.endpoint(), home);
            AwsCli.Result created = aws.run(
                    "lambda",
                    "create-event-source-mapping",
                    "--function-name",
                    fn,
                    "--event-source-arn",
                    queueArn,
                    "--batch-size",
                    "5");
            assertEquals(0, created.exitCode(), created.stderr());
            String uuid = JSON.readTree(created.stdout()).get("UUID").asText();
            AwsCli.Result listed = aws.run("lambda", "list-event-source-mappings", "--function-name", fn);
            assertEquals(0, listed.exitCode(), listed.stderr());
            assertEquals(
                    5,
                    JSON.readTree(listed.stdout())
                            .get("EventSourceMappings")
                            .get(0)
                            .get("BatchSize")
                            .asInt());
            AwsCli.Result deleted = aws.run("lambda", "delete-event-source-mapping", "--uuid", uuid);
            assertEquals(0, deleted.exitCode(), deleted.stderr());
            assertEquals(
                    "Deleting", JSON.readTree(deleted.stdout()).get("State").asText());
        } finally {
            TestNode.deleteTree(home);
        }
    }
}
