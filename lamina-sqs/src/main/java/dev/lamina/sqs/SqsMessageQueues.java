package dev.lamina.sqs;

import dev.lamina.core.AwsException;
import dev.lamina.spi.sqs.MessageQueues;
import dev.lamina.sqs.message.MessageAttributeValue;
import dev.lamina.sqs.message.Messages;
import dev.lamina.sqs.message.ReceiveRequest;
import dev.lamina.sqs.message.Received;
import dev.lamina.sqs.message.SendRequest;
import dev.lamina.sqs.queue.SqsErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQS as the other services reach it ({@link MessageQueues}): queues by ARN, and the same receive,
 * delete, visibility and send as the API's, with their rules (receipts, receive counts, the
 * dead-letter queue on the receive past {@code maxReceiveCount}, FIFO order). Thread-safe.
 */
final class SqsMessageQueues implements MessageQueues {
    private final Queues queues;
    private final Messages messages;
    private final String arnPrefix;

    SqsMessageQueues(Queues queues, Messages messages, String region, String account) {
        this.queues = queues;
        this.messages = messages;
        this.arnPrefix = "arn:aws:sqs:" + region + ":" + account + ":";
    }

    @Override
    public Optional<Queue> queue(String queueArn) {
        String name = name(queueArn);
        if (name == null) {
            return Optional.empty();
        }
        dev.lamina.sqs.queue.Queue queue;
        try {
            queue = queues.get(name);
        } catch (AwsException e) {
            return Optional.empty();
        }
        return Optional.of(
                new Queue(queueArn, name, queue.fifo(), Duration.ofSeconds(messages.visibilityTimeoutSeconds(name))));
    }

    @Override
    public List<Message> receive(String queueArn, int max, Duration wait) {
        List<Received> received;
        try {
            received = messages.receive(
                    existing(queueArn), new ReceiveRequest(max, null, (int) Math.min(20, wait.toSeconds())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        List<Message> out = new ArrayList<>(received.size());
        for (Received r : received) {
            dev.lamina.sqs.message.Message m = r.message();
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("ApproximateReceiveCount", Integer.toString(r.receiveCount()));
            attributes.put("SentTimestamp", Long.toString(m.sentAt().toEpochMilli()));
            if (m.sequenceNumber() != null) {
                attributes.put("SequenceNumber", m.sequenceNumber());
            }
            if (m.groupId() != null) {
                attributes.put("MessageGroupId", m.groupId());
            }
            attributes.put("SenderId", m.senderId());
            if (m.deduplicationId() != null) {
                attributes.put("MessageDeduplicationId", m.deduplicationId());
            }
            attributes.put(
                    "ApproximateFirstReceiveTimestamp",
                    Long.toString(r.firstReceivedAt().toEpochMilli()));
            Map<String, Attribute> messageAttributes = new LinkedHashMap<>();
            m.attributes()
                    .forEach((name, v) ->
                            messageAttributes.put(name, new Attribute(v.dataType(), v.stringValue(), v.binaryValue())));
            out.add(new Message(
                    m.id(),
                    r.receiptHandle(),
                    m.body(),
                    m.md5OfBody(),
                    m.md5OfAttributes(),
                    attributes,
                    messageAttributes));
        }
        return out;
    }

    @Override
    public void delete(String queueArn, List<String> receiptHandles) {
        String name = existing(queueArn);
        for (String receipt : receiptHandles) {
            messages.delete(name, receipt);
        }
    }

    @Override
    public String send(
            String queueArn,
            String body,
            Map<String, Attribute> messageAttributes,
            String groupId,
            String deduplicationId) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        messageAttributes.forEach((name, a) ->
                attributes.put(name, new MessageAttributeValue(a.dataType(), a.stringValue(), a.binaryValue())));
        return messages.send(
                        existing(queueArn), new SendRequest(body, attributes, Map.of(), null, groupId, deduplicationId))
                .messageId();
    }

    @Override
    public void changeVisibility(String queueArn, String receiptHandle, Duration timeout) {
        messages.changeVisibility(existing(queueArn), receiptHandle, (int) timeout.toSeconds());
    }

    /** The queue name of one of this node's queue ARNs, or {@code null}. */
    private String name(String queueArn) {
        if (queueArn == null || !queueArn.startsWith(arnPrefix)) {
            return null;
        }
        String name = queueArn.substring(arnPrefix.length());
        return name.isEmpty() || name.contains(":") ? null : name;
    }

    private String existing(String queueArn) {
        String name = name(queueArn);
        if (name == null) {
            throw SqsErrors.queueDoesNotExist();
        }
        return name;
    }
}
