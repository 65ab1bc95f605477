package dev.lamina.sqs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.sqs.message.Batch;
import dev.lamina.sqs.message.Md5Digests;
import dev.lamina.sqs.message.Message;
import dev.lamina.sqs.message.MessageAttributeValue;
import dev.lamina.sqs.message.Received;
import dev.lamina.sqs.message.SendRequest;
import dev.lamina.sqs.message.Sent;
import dev.lamina.sqs.queue.SqsErrors;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Messages in SQS's JSON documents: what a send gives, what a receive answers. Pure. */
final class MessageDocuments {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The system attributes a receive may ask for (FIFO's are not here: the node has no FIFO queues yet). */
    private static final List<String> SYSTEM = List.of(
            "SenderId",
            "SentTimestamp",
            "ApproximateReceiveCount",
            "ApproximateFirstReceiveTimestamp",
            "AWSTraceHeader",
            "MessageGroupId",
            "MessageDeduplicationId",
            "SequenceNumber");

    private MessageDocuments() {}

    /** A SendMessage request, or one SendMessageBatch entry. */
    static SendRequest sendRequest(JsonNode in) {
        JsonNode delay = in.get("DelaySeconds");
        return new SendRequest(
                in.hasNonNull("MessageBody") ? in.get("MessageBody").asText() : null,
                attributes(in.path("MessageAttributes")),
                attributes(in.path("MessageSystemAttributes")),
                delay == null || delay.isNull() ? null : SqsApi.integer(delay, "DelaySeconds"),
                in.hasNonNull("MessageGroupId") ? in.get("MessageGroupId").asText() : null,
                in.hasNonNull("MessageDeduplicationId")
                        ? in.get("MessageDeduplicationId").asText()
                        : null);
    }

    private static Map<String, MessageAttributeValue> attributes(JsonNode map) {
        Map<String, MessageAttributeValue> out = new LinkedHashMap<>();
        map.properties().forEach(e -> {
            JsonNode v = e.getValue();
            String type = v.path("DataType").asText("");
            byte[] binary = null;
            if (v.hasNonNull("BinaryValue")) {
                try {
                    binary = Base64.getMimeDecoder().decode(v.get("BinaryValue").asText());
                } catch (IllegalArgumentException bad) {
                    throw SqsErrors.invalidParameter(
                            "Message (user) attribute '" + e.getKey() + "' has a BinaryValue that is not base64.");
                }
            }
            if (type.isEmpty()) {
                throw SqsErrors.invalidParameter("The message attribute '" + e.getKey() + "' must contain a DataType.");
            }
            out.put(
                    e.getKey(),
                    new MessageAttributeValue(
                            type,
                            v.hasNonNull("StringValue") ? v.get("StringValue").asText() : null,
                            binary));
        });
        return out;
    }

    static ObjectNode sent(Sent sent) {
        ObjectNode out = NODES.objectNode();
        out.put("MessageId", sent.messageId());
        out.put("MD5OfMessageBody", sent.md5OfBody());
        putIfSet(out, "MD5OfMessageAttributes", sent.md5OfAttributes());
        putIfSet(out, "MD5OfMessageSystemAttributes", sent.md5OfSystemAttributes());
        putIfSet(out, "SequenceNumber", sent.sequenceNumber());
        return out;
    }

    /** A batch's answer: {@code Successful} entries rendered by {@code success}, {@code Failed} ones. */
    static <T> ObjectNode batch(Batch<T> batch, Function<T, ObjectNode> success) {
        ObjectNode out = NODES.objectNode();
        var ok = out.putArray("Successful");
        for (Batch.Success<T> s : batch.successful()) {
            ObjectNode entry = s.result() == null ? NODES.objectNode() : success.apply(s.result());
            ObjectNode withId = NODES.objectNode().put("Id", s.id());
            withId.setAll(entry);
            ok.add(withId);
        }
        var failed = out.putArray("Failed");
        for (Batch.Failure f : batch.failed()) {
            failed.addObject()
                    .put("Id", f.id())
                    .put("SenderFault", f.senderFault())
                    .put("Code", f.code())
                    .put("Message", f.message());
        }
        return out;
    }

    /**
     * A received message with the system attributes ({@code systemNames}, {@code All} for every one)
     * and message attributes ({@code attributeNames}: {@code All}, {@code .*}, {@code prefix.*} or exact
     * names) it asked for; the attributes' digest covers those it answers with, as the SDKs check.
     */
    static ObjectNode received(Received r, List<String> systemNames, List<String> attributeNames) {
        Message m = r.message();
        ObjectNode out = NODES.objectNode();
        out.put("MessageId", m.id());
        out.put("ReceiptHandle", r.receiptHandle());
        out.put("MD5OfBody", m.md5OfBody());
        out.put("Body", m.body());
        Map<String, String> system = new LinkedHashMap<>();
        boolean all = systemNames.contains("All");
        for (String name : SYSTEM) {
            if (!all && !systemNames.contains(name)) {
                continue;
            }
            switch (name) {
                case "SenderId" -> system.put(name, m.senderId());
                case "SentTimestamp" ->
                    system.put(name, Long.toString(m.sentAt().toEpochMilli()));
                case "ApproximateReceiveCount" -> system.put(name, Integer.toString(r.receiveCount()));
                case "ApproximateFirstReceiveTimestamp" ->
                    system.put(name, Long.toString(r.firstReceivedAt().toEpochMilli()));
                case "MessageGroupId" -> putIfSet(system, name, m.groupId());
                case "MessageDeduplicationId" -> putIfSet(system, name, m.deduplicationId());
                case "SequenceNumber" -> putIfSet(system, name, m.sequenceNumber());
                default -> {
                    MessageAttributeValue trace = m.systemAttributes().get(name);
                    if (trace != null) {
                        system.put(name, trace.stringValue());
                    }
                }
            }
        }
        if (!system.isEmpty()) {
            ObjectNode attrs = out.putObject("Attributes");
            system.forEach(attrs::put);
        }
        Map<String, MessageAttributeValue> chosen = new TreeMap<>();
        m.attributes().forEach((name, value) -> {
            if (wanted(name, attributeNames)) {
                chosen.put(name, value);
            }
        });
        if (!chosen.isEmpty()) {
            out.put("MD5OfMessageAttributes", Md5Digests.ofAttributes(chosen));
            ObjectNode attrs = out.putObject("MessageAttributes");
            chosen.forEach((name, value) -> {
                ObjectNode v = attrs.putObject(name);
                if (value.binary()) {
                    v.put("BinaryValue", Base64.getEncoder().encodeToString(value.binaryValue()));
                } else {
                    v.put("StringValue", value.stringValue());
                }
                v.put("DataType", value.dataType());
            });
        }
        return out;
    }

    private static boolean wanted(String name, List<String> patterns) {
        for (String p : patterns) {
            if (p.equals("All") || p.equals(".*") || p.equals(name)) {
                return true;
            }
            if (p.endsWith(".*") && name.startsWith(p.substring(0, p.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    private static void putIfSet(ObjectNode out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    private static void putIfSet(Map<String, String> out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }
}
