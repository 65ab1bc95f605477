package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Messages outlive the node: a sent message, and a received one that was not deleted (which comes
 * back once its visibility timeout has passed, not before), across a restart on the same data
 * directory and across a SIGKILL.
 */
class SqsDurabilityIT {
    private TestNode node;
    private NodeProcess process;
    private Path data;

    @AfterEach
    void cleanUp() {
        if (node != null) {
            node.close();
        }
        if (process != null) {
            process.close();
        }
        if (data != null) {
            TestNode.deleteTree(data);
        }
    }

    private static SqsClient client(URI endpoint) {
        return TestNode.client(SqsClient.builder(), endpoint);
    }

    /** Sends "waiting" and "in flight", receives the latter for {@code visibility} seconds; returns the queue's URL. */
    private static String sendAndReceiveOne(SqsClient sqs, int visibility) {
        String url = sqs.createQueue(b -> b.queueName("durable")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("in flight"));
        Message received = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(visibility))
                .messages()
                .getFirst();
        assertEquals("in flight", received.body());
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("waiting"));
        return url;
    }

    /** On the next node: "waiting" at once, "in flight" only when its timeout ends, its second receive. */
    private static void bothComeBack(SqsClient sqs, String url) {
        List<Message> now =
                sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
        assertEquals(List.of("waiting"), now.stream().map(Message::body).toList(), "the other is still in flight");
        Message back = sqs.receiveMessage(b -> b.queueUrl(url)
                        .waitTimeSeconds(20)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages()
                .getFirst();
        assertEquals("in flight", back.body());
        assertEquals("2", back.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    }

    @Test
    void messagesAndTheirVisibilityOutliveARestart() throws Exception {
        node = TestNode.start();
        String url;
        try (SqsClient sqs = client(URI.create(node.endpoint()))) {
            url = sendAndReceiveOne(sqs, 15);
        }
        node.restartNode();
        try (SqsClient sqs = client(URI.create(node.endpoint()))) {
            // the URL names the old port; its path is what names the queue
            String path = URI.create(url).getPath();
            String again = node.endpoint() + path;
            assertEquals(again, sqs.getQueueUrl(b -> b.queueName("durable")).queueUrl());
            assertEquals(
                    Map.of("VisibilityTimeout", "30"),
                    Map.of(
                            "VisibilityTimeout",
                            sqs.getQueueAttributes(
                                            b -> b.queueUrl(again).attributeNamesWithStrings("VisibilityTimeout"))
                                    .attributesAsStrings()
                                    .get("VisibilityTimeout")));
            bothComeBack(sqs, again);
        }
    }

    @Test
    void messagesAndTheirVisibilityOutliveASigkill() throws Exception {
        data = Files.createTempDirectory("lamina-sqs-killed-");
        process = NodeProcess.start(data.resolve("first.out"), "--port", "0", "--data-dir", data.toString());
        String path;
        try (SqsClient sqs = client(process.endpoint())) {
            path = URI.create(sendAndReceiveOne(sqs, 15)).getPath();
        }
        process.kill();
        process = NodeProcess.start(data.resolve("second.out"), "--port", "0", "--data-dir", data.toString());
        try (SqsClient sqs = client(process.endpoint())) {
            String url = process.endpoint().resolve(path).toString();
            bothComeBack(sqs, url);
            assertTrue(sqs.receiveMessage(b -> b.queueUrl(url)).messages().isEmpty(), "each came back once");
        }
    }
}
