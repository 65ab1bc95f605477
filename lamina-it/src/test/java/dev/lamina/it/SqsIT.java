package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** SQS through the AWS SDK for Java v2 (the JSON protocol), against a real node. */
class SqsIT {
    static TestNode node;
    static SqsClient sqs;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        sqs = client(node);
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

    static SqsClient client(TestNode node) {
        return TestNode.client(SqsClient.builder(), URI.create(node.endpoint()));
    }

    private static String create(String name, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    private static Map<String, String> attributes(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("All"))
                .attributesAsStrings();
    }

    @Test
    void queuesAreMadeFoundListedChangedTaggedAndDeleted() {
        String url = create("orders", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45"));
        assertEquals(node.endpoint() + "/000000000000/orders", url);
        assertEquals(url, create("orders", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45")), "same attributes");
        QueueNameExistsException exists = assertThrows(
                QueueNameExistsException.class,
                () -> create("orders", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "46")));
        assertEquals("QueueAlreadyExists", exists.awsErrorDetails().errorCode());
        assertEquals(url, sqs.getQueueUrl(b -> b.queueName("orders")).queueUrl());

        Map<String, String> all = attributes(url);
        assertEquals("45", all.get("VisibilityTimeout"));
        assertEquals("arn:aws:sqs:us-east-1:000000000000:orders", all.get("QueueArn"));
        assertEquals("1048576", all.get("MaximumMessageSize"));
        assertEquals("0", all.get("ApproximateNumberOfMessages"));
        assertTrue(Long.parseLong(all.get("CreatedTimestamp")) > 1_700_000_000L, all.toString());
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.DELAY_SECONDS, "3")));
        assertEquals("3", attributes(url).get("DelaySeconds"));

        sqs.tagQueue(b -> b.queueUrl(url).tags(Map.of("team", "a", "env", "test")));
        sqs.untagQueue(b -> b.queueUrl(url).tagKeys("env"));
        assertEquals(
                Map.of("team", "a"), sqs.listQueueTags(b -> b.queueUrl(url)).tags());

        create("orders-2", Map.of());
        create("other", Map.of());
        var first = sqs.listQueues(b -> b.queueNamePrefix("orders").maxResults(1));
        assertEquals(List.of(url), first.queueUrls());
        var second =
                sqs.listQueues(b -> b.queueNamePrefix("orders").maxResults(1).nextToken(first.nextToken()));
        assertEquals(List.of(node.endpoint() + "/000000000000/orders-2"), second.queueUrls());
        assertNull(second.nextToken());

        sqs.deleteQueue(b -> b.queueUrl(url));
        QueueDoesNotExistException gone =
                assertThrows(QueueDoesNotExistException.class, () -> sqs.getQueueUrl(b -> b.queueName("orders")));
        assertEquals(
                "AWS.SimpleQueueService.NonExistentQueue",
                gone.awsErrorDetails().errorCode());
        assertEquals(400, gone.statusCode());
    }

    @Test
    void messagesGoWithTheirAttributesAndDigestsThatTheSdkChecks() {
        String url = create("attrs", Map.of());
        SendMessageResponse sent = sqs.sendMessage(b -> b.queueUrl(url)
                .messageBody("héllo ✓")
                .messageAttributes(Map.of(
                        "text",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue("v")
                                        .build(),
                        "count",
                                MessageAttributeValue.builder()
                                        .dataType("Number")
                                        .stringValue("42")
                                        .build(),
                        "blob",
                                MessageAttributeValue.builder()
                                        .dataType("Binary.gz")
                                        .binaryValue(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255}))
                                        .build(),
                        "custom.one",
                                MessageAttributeValue.builder()
                                        .dataType("String.custom")
                                        .stringValue("c")
                                        .build()))
                .messageSystemAttributes(Map.of(
                        MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                        MessageSystemAttributeValue.builder()
                                .dataType("String")
                                .stringValue("Root=1-5759e988-bd862e3fe1be46a994272793")
                                .build())));
        assertNotEquals(null, sent.md5OfMessageAttributes());
        assertNotEquals(null, sent.md5OfMessageSystemAttributes());

        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
                .messages();
        assertEquals(1, got.size());
        Message m = got.getFirst();
        assertEquals(sent.messageId(), m.messageId());
        assertEquals("héllo ✓", m.body());
        assertEquals(sent.md5OfMessageAttributes(), m.md5OfMessageAttributes());
        assertEquals("42", m.messageAttributes().get("count").stringValue());
        assertEquals("Binary.gz", m.messageAttributes().get("blob").dataType());
        assertEquals(4, m.messageAttributes().get("blob").binaryValue().asByteArray().length);
        assertEquals("1", m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        assertEquals(
                "Root=1-5759e988-bd862e3fe1be46a994272793",
                m.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER));
        assertTrue(Long.parseLong(m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP)) > 0);

        sqs.changeMessageVisibility(
                b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        List<Message> prefixed = sqs.receiveMessage(b -> b.queueUrl(url).messageAttributeNames("custom.*"))
                .messages();
        assertEquals(
                Map.of("custom.one", "c"),
                Map.of(
                        "custom.one",
                        prefixed.getFirst()
                                .messageAttributes()
                                .get("custom.one")
                                .stringValue()));
        assertEquals(1, prefixed.getFirst().messageAttributes().size(), "only the attributes asked for, digested");

        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(prefixed.getFirst().receiptHandle()));
        assertEquals("0", attributes(url).get("ApproximateNumberOfMessagesNotVisible"));
        assertEquals("0", attributes(url).get("ApproximateNumberOfMessages"));
    }

    @Test
    void anUndeletedMessageComesBackAfterItsVisibilityTimeoutAndOldReceiptsStopWorking() {
        String url = create("visibility", Map.of());
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("again"));
        Message first = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(5))
                .messages()
                .getFirst();
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(url)).messages().isEmpty(), "hidden while in flight");
        assertEquals("1", attributes(url).get("ApproximateNumberOfMessagesNotVisible"));

        Message second = sqs.receiveMessage(b -> b.queueUrl(url)
                        .waitTimeSeconds(15)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages()
                .getFirst();
        assertEquals(first.messageId(), second.messageId());
        assertEquals("2", second.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));

        SqsException stale = assertThrows(
                SqsException.class,
                () -> sqs.changeMessageVisibility(b ->
                        b.queueUrl(url).receiptHandle(first.receiptHandle()).visibilityTimeout(10)));
        assertEquals("InvalidParameterValue", stale.awsErrorDetails().errorCode());
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.receiptHandle()));
        assertEquals(
                "1", attributes(url).get("ApproximateNumberOfMessagesNotVisible"), "an old receipt deletes nothing");
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(second.receiptHandle()));
        assertEquals("0", attributes(url).get("ApproximateNumberOfMessagesNotVisible"));
    }

    @Test
    void aLongPollIsAnsweredTheMomentAMessageArrives() throws Exception {
        String url = create("long-poll", Map.of());
        CompletableFuture<List<Message>> waiting = CompletableFuture.supplyAsync(() ->
                sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)).messages());
        // the send comes well after the receive started to wait, so the message it gets is one it waited for
        Thread.sleep(1500);
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("now"));
        long sentAt = System.nanoTime();
        List<Message> got = waiting.get(15, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
        assertEquals("now", got.getFirst().body());
        assertTrue(millis < 1000, "answered " + millis + " ms after the send was");
    }

    @Test
    void aDelayedMessageIsCountedAsDelayedThenReceived() {
        String url = create("delayed", Map.of());
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("later").delaySeconds(1));
        assertEquals("1", attributes(url).get("ApproximateNumberOfMessagesDelayed"));
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(url)).messages().isEmpty());
        long start = System.nanoTime();
        List<Message> got =
                sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(10)).messages();
        assertEquals("later", got.getFirst().body());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 3000, "received when its delay ended");
    }

    @Test
    void aMessageOfOneMebibyteGoesThroughWhole() {
        String url = create("mebibyte", Map.of());
        String body = "y".repeat(1_048_576 - 16) + "0123456789abcdef";
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
        List<Message> got =
                sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages();
        assertEquals(body, got.getFirst().body(), "SQS's limit is 1 MiB (1,048,576 bytes)");
    }

    @Test
    void batchesAnswerPerEntry() {
        String url = create("batches", Map.of());
        SendMessageBatchResponse sent = sqs.sendMessageBatch(b -> b.queueUrl(url)
                .entries(
                        SendMessageBatchRequestEntry.builder()
                                .id("a")
                                .messageBody("one")
                                .build(),
                        SendMessageBatchRequestEntry.builder()
                                .id("b")
                                .messageBody("two")
                                .messageAttributes(Map.of(
                                        "n",
                                        MessageAttributeValue.builder()
                                                .dataType("Number")
                                                .stringValue("7")
                                                .build()))
                                .build(),
                        SendMessageBatchRequestEntry.builder()
                                .id("bad")
                                .messageBody("x")
                                .delaySeconds(901)
                                .build()));
        assertEquals(
                List.of("a", "b"), sent.successful().stream().map(e -> e.id()).toList());
        BatchResultErrorEntry failed = sent.failed().getFirst();
        assertEquals("bad", failed.id());
        assertTrue(failed.senderFault());
        assertEquals("InvalidParameterValue", failed.code());

        List<Message> got = sqs.receiveMessage(
                        b -> b.queueUrl(url).maxNumberOfMessages(10).messageAttributeNames("All"))
                .messages();
        assertEquals(2, got.size());
        var changed = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url)
                .entries(
                        ChangeMessageVisibilityBatchRequestEntry.builder()
                                .id("c1")
                                .receiptHandle(got.get(0).receiptHandle())
                                .visibilityTimeout(60)
                                .build(),
                        ChangeMessageVisibilityBatchRequestEntry.builder()
                                .id("c2")
                                .receiptHandle("not-a-handle")
                                .visibilityTimeout(60)
                                .build()));
        assertEquals(1, changed.successful().size());
        assertEquals("ReceiptHandleIsInvalid", changed.failed().getFirst().code());
        var deleted = sqs.deleteMessageBatch(b -> b.queueUrl(url)
                .entries(
                        DeleteMessageBatchRequestEntry.builder()
                                .id("d1")
                                .receiptHandle(got.get(0).receiptHandle())
                                .build(),
                        DeleteMessageBatchRequestEntry.builder()
                                .id("d2")
                                .receiptHandle(got.get(1).receiptHandle())
                                .build()));
        assertEquals(2, deleted.successful().size());
        assertEquals("0", attributes(url).get("ApproximateNumberOfMessagesNotVisible"));

        SqsException tooMany = assertThrows(
                SqsException.class,
                () -> sqs.sendMessageBatch(b -> b.queueUrl(url)
                        .entries(java.util.stream.IntStream.range(0, 11)
                                .mapToObj(i -> SendMessageBatchRequestEntry.builder()
                                        .id("e" + i)
                                        .messageBody("m")
                                        .build())
                                .toList())));
        assertEquals(
                "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
                tooMany.awsErrorDetails().errorCode());
        SqsException repeated = assertThrows(
                SqsException.class,
                () -> sqs.sendMessageBatch(b -> b.queueUrl(url)
                        .entries(
                                SendMessageBatchRequestEntry.builder()
                                        .id("same")
                                        .messageBody("1")
                                        .build(),
                                SendMessageBatchRequestEntry.builder()
                                        .id("same")
                                        .messageBody("2")
                                        .build())));
        assertEquals(
                "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
                repeated.awsErrorDetails().errorCode());
        String big = "x".repeat(400_000); // three add up past the batch limit of 1 MiB
        SqsException tooLong = assertThrows(
                SqsException.class,
                () -> sqs.sendMessageBatch(b -> b.queueUrl(url)
                        .entries(
                                SendMessageBatchRequestEntry.builder()
                                        .id("1")
                                        .messageBody(big)
                                        .build(),
                                SendMessageBatchRequestEntry.builder()
                                        .id("2")
                                        .messageBody(big)
                                        .build(),
                                SendMessageBatchRequestEntry.builder()
                                        .id("3")
                                        .messageBody(big)
                                        .build())));
        assertEquals(
                "AWS.SimpleQueueService.BatchRequestTooLong",
                tooLong.awsErrorDetails().errorCode());
        assertEquals("0", attributes(url).get("ApproximateNumberOfMessages"), "a refused batch sends nothing");
    }

    @Test
    void aMessageReceivedMoreThanMaxReceiveCountMovesToTheDeadLetterQueue() {
        String dlq = create("dead-letters", Map.of());
        String url = create(
                "with-dlq",
                Map.of(
                        QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dead-letters\","
                                + "\"maxReceiveCount\":\"2\"}"));
        assertEquals(
                "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dead-letters\",\"maxReceiveCount\":2}",
                attributes(url).get("RedrivePolicy"));
        String id = sqs.sendMessage(b -> b.queueUrl(url).messageBody("poison")).messageId();
        for (int i = 0; i < 2; i++) {
            Message m = sqs.receiveMessage(b -> b.queueUrl(url)).messages().getFirst();
            sqs.changeMessageVisibility(
                    b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        }
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(url)).messages().isEmpty(), "the third receive moved it");
        Message dead = sqs.receiveMessage(b -> b.queueUrl(dlq)).messages().getFirst();
        assertEquals(id, dead.messageId());
        assertEquals("poison", dead.body());
    }

    @Test
    void aMoveTaskTakesDeadLetteredMessagesBackToTheirQueue() {
        String dlq = create("redrive-dlq", Map.of());
        String url = create(
                "redrive-src",
                Map.of(
                        QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:redrive-dlq\","
                                + "\"maxReceiveCount\":1}"));
        String id =
                sqs.sendMessage(b -> b.queueUrl(url).messageBody("retry me")).messageId();
        Message m = sqs.receiveMessage(b -> b.queueUrl(url)).messages().getFirst();
        sqs.changeMessageVisibility(
                b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(url)).messages().isEmpty());
        assertEquals(
                List.of(url),
                sqs.listDeadLetterSourceQueues(b -> b.queueUrl(dlq)).queueUrls());
        assertEquals("1", attributes(dlq).get("ApproximateNumberOfMessages"));

        String dlqArn = "arn:aws:sqs:us-east-1:000000000000:redrive-dlq";
        SqsException notADlq = assertThrows(
                SqsException.class,
                () -> sqs.startMessageMoveTask(b -> b.sourceArn("arn:aws:sqs:us-east-1:000000000000:redrive-src")));
        assertEquals("InvalidParameterValue", notADlq.awsErrorDetails().errorCode());
        assertNotEquals(null, sqs.startMessageMoveTask(b -> b.sourceArn(dlqArn)).taskHandle());
        var task = sqs.listMessageMoveTasks(b -> b.sourceArn(dlqArn)).results().getFirst();
        assertEquals("COMPLETED", task.status());
        assertEquals(1L, task.approximateNumberOfMessagesMoved());
        Message back = sqs.receiveMessage(b -> b.queueUrl(url)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages()
                .getFirst();
        assertEquals(id, back.messageId());
        assertEquals("1", back.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        assertEquals("0", attributes(dlq).get("ApproximateNumberOfMessages"));
    }

    @Test
    void aFifoQueueKeepsEachMessageGroupInOrderAndDeduplicates() {
        String url = create(
                "jobs.fifo",
                Map.of(QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
        assertEquals("true", attributes(url).get("FifoQueue"));
        SendMessageBatchResponse sent = sqs.sendMessageBatch(b -> b.queueUrl(url)
                .entries(java.util.stream.IntStream.range(0, 6)
                        .mapToObj(i -> SendMessageBatchRequestEntry.builder()
                                .id("m" + i)
                                .messageGroupId(i % 2 == 0 ? "even" : "odd")
                                .messageBody("message " + i)
                                .build())
                        .toList()));
        assertEquals(6, sent.successful().size(), sent.failed().toString());
        SendMessageResponse again =
                sqs.sendMessage(b -> b.queueUrl(url).messageGroupId("even").messageBody("message 0"));
        assertEquals(sent.successful().getFirst().messageId(), again.messageId(), "deduplicated by content");
        assertEquals(sent.successful().getFirst().sequenceNumber(), again.sequenceNumber());

        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url)
                        .maxNumberOfMessages(10)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                .messages();
        List<String> even = got.stream()
                .filter(m -> m.attributes()
                        .get(MessageSystemAttributeName.MESSAGE_GROUP_ID)
                        .equals("even"))
                .map(Message::body)
                .toList();
        assertEquals(List.of("message 0", "message 2", "message 4"), even);
        assertEquals(6, got.size());
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(url)).messages().isEmpty(), "both groups are in flight");
        SqsException noGroup = assertThrows(
                SqsException.class, () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("no group")));
        assertEquals("MissingParameter", noGroup.awsErrorDetails().errorCode());
    }

    /** A request signed for {@code sqs}, sent as it is. */
    private static java.net.http.HttpResponse<String> raw(String path, Map<String, String> headers, String body)
            throws Exception {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(
                    node.http()
                            .signed("POST", path, headers, bytes, "sqs", java.time.Instant.now())
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String md5(String text) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5")
                        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");

    @Test
    void eachProtocolAnswersInItsOwnShape() throws Exception {
        create("wire", Map.of());
        var sent = raw("/000000000000/wire", FORM, "Action=SendMessage&Version=2012-11-05&MessageBody=hi+there");
        assertEquals(200, sent.statusCode(), sent.body());
        assertEquals("text/xml", sent.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(
                sent.body()
                        .startsWith(
                                "<?xml version=\"1.0\"?><SendMessageResponse"
                                        + " xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><SendMessageResult><MessageId>"),
                sent.body());
        assertTrue(sent.body().contains("<MD5OfMessageBody>" + md5("hi there") + "</MD5OfMessageBody>"), sent.body());
        assertEquals(
                "1",
                attributes(node.endpoint() + "/000000000000/wire").get("ApproximateNumberOfMessages"),
                "the queue's URL stood for the missing QueueUrl");

        var missing = raw("/", FORM, "Action=GetQueueUrl&QueueName=nope");
        assertEquals(400, missing.statusCode());
        assertTrue(
                missing.body()
                        .startsWith("<?xml version=\"1.0\"?>\n<ErrorResponse"
                                + " xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error><Type>Sender</Type>"
                                + "<Code>AWS.SimpleQueueService.NonExistentQueue</Code>"),
                missing.body());
        var noAction = raw("/", FORM, "QueueName=nope");
        assertEquals(400, noAction.statusCode());
        assertTrue(noAction.body().contains("<Code>MissingAction</Code>"), noAction.body());

        Map<String, String> json =
                Map.of("Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", "AmazonSQS.GetQueueUrl");
        var jsonMissing = raw("/", json, "{\"QueueName\":\"nope\"}");
        assertEquals(400, jsonMissing.statusCode());
        assertEquals(
                "AWS.SimpleQueueService.NonExistentQueue;Sender",
                jsonMissing.headers().firstValue("x-amzn-query-error").orElseThrow());
        assertTrue(jsonMissing.body().contains("\"__type\":\"QueueDoesNotExist\""), jsonMissing.body());
        var malformed = raw("/", json, "{not json");
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().contains("\"__type\":\"SerializationException\""), malformed.body());
    }

    @Test
    void badInputIsRefusedInSqsErrorsAndChangesNothing() {
        String url = create("strict", Map.of());
        SqsException missing = assertThrows(
                QueueDoesNotExistException.class,
                () -> sqs.sendMessage(
                        b -> b.queueUrl(node.endpoint() + "/000000000000/nope").messageBody("x")));
        assertEquals(
                "AWS.SimpleQueueService.NonExistentQueue",
                missing.awsErrorDetails().errorCode());
        SqsException badName = assertThrows(
                SqsException.class,
                () -> sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("Colour", "blue"))));
        assertEquals("InvalidAttributeName", badName.awsErrorDetails().errorCode());
        SqsException badValue = assertThrows(
                SqsException.class,
                () -> sqs.setQueueAttributes(b -> b.queueUrl(url)
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT, "43201",
                                QueueAttributeName.DELAY_SECONDS, "5"))));
        assertEquals("InvalidAttributeValue", badValue.awsErrorDetails().errorCode());
        assertEquals("0", attributes(url).get("DelaySeconds"), "a refused change changes nothing");
        SqsException tooLong = assertThrows(
                SqsException.class, () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x".repeat(1_048_577))));
        assertEquals("InvalidParameterValue", tooLong.awsErrorDetails().errorCode());
        SqsException badHandle = assertThrows(
                SqsException.class, () -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle("garbage!")));
        assertEquals("ReceiptHandleIsInvalid", badHandle.awsErrorDetails().errorCode());
        SqsException noDlq = assertThrows(
                SqsException.class,
                () -> create(
                        "strict-2",
                        Map.of(
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:none\","
                                        + "\"maxReceiveCount\":1}")));
        assertEquals("InvalidParameterValue", noDlq.awsErrorDetails().errorCode());
        assertThrows(QueueDoesNotExistException.class, () -> sqs.getQueueUrl(b -> b.queueName("strict-2")));
        assertEquals("0", attributes(url).get("ApproximateNumberOfMessages"));
    }
}
