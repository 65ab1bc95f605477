package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.spi.lambda.InvocationResult;
import dev.lamina.spi.sqs.MessageQueues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch of SQS messages as a function receives it ({@code {"Records": [...]}}, Lambda's record
 * shape), the same records for filtering (with a JSON body as an object), and what to delete once the
 * function has answered. Pure.
 */
final class SqsBatch {
    private SqsBatch() {}

    /** The record of {@code message} as the function receives it. */
    static ObjectNode record(ObjectMapper json, MessageQueues.Message message, String queueArn, String region) {
        ObjectNode r = json.createObjectNode();
        r.put("messageId", message.messageId());
        r.put("receiptHandle", message.receiptHandle());
        r.put("body", message.body());
        ObjectNode attributes = r.putObject("attributes");
        message.attributes().forEach(attributes::put);
        ObjectNode messageAttributes = r.putObject("messageAttributes");
        for (Map.Entry<String, MessageQueues.Attribute> a :
                message.messageAttributes().entrySet()) {
            ObjectNode value = messageAttributes.putObject(a.getKey());
            if (a.getValue().stringValue() != null) {
                value.put("stringValue", a.getValue().stringValue());
            }
            if (a.getValue().binaryValue() != null) {
                value.put(
                        "binaryValue",
                        Base64.getEncoder().encodeToString(a.getValue().binaryValue()));
            }
            value.putArray("stringListValues");
            value.putArray("binaryListValues");
            value.put("dataType", a.getValue().dataType());
        }
        r.put("md5OfMessageAttributes", message.md5OfMessageAttributes()); // null without attributes
        r.put("md5OfBody", message.md5OfBody());
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", queueArn);
        r.put("awsRegion", region);
        return r;
    }

    /** {@code record} as filters see it: a body that is a JSON object is matched as that object. */
    static JsonNode forFilters(ObjectMapper json, ObjectNode record) {
        String body = record.get("body").asText();
        if (!body.stripLeading().startsWith("{")) {
            return record;
        }
        try {
            JsonNode parsed = json.readTree(body);
            if (parsed != null && parsed.isObject()) {
                ObjectNode copy = record.deepCopy();
                copy.set("body", parsed);
                return copy;
            }
        } catch (IOException e) {
            // not JSON: matched as a string
        }
        return record;
    }

    /** The event of a batch. */
    static byte[] event(ObjectMapper json, List<ObjectNode> records) {
        ObjectNode event = json.createObjectNode();
        ArrayNode array = event.putArray("Records");
        records.forEach(array::add);
        try {
            return json.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The message ids of the batch that failed, given the function's answer: none when it succeeded,
     * all when it failed. With {@code ReportBatchItemFailures}, a success's {@code batchItemFailures}
     * names the failed ones; an answer that is not such a list, or names an id that is empty or not
     * in the batch, fails the whole batch, as Lambda treats it.
     */
    static Set<String> failed(ObjectMapper json, InvocationResult result, List<String> messageIds, boolean report) {
        Set<String> all = Set.copyOf(messageIds);
        if (result.failed()) {
            return all;
        }
        if (!report) {
            return Set.of();
        }
        JsonNode answer;
        try {
            answer = result.payload().length == 0 ? null : json.readTree(result.payload());
        } catch (IOException e) {
            return all;
        }
        if (answer == null || answer.isNull() || (answer.isObject() && !answer.has("batchItemFailures"))) {
            return Set.of();
        }
        JsonNode failures = answer.get("batchItemFailures");
        if (failures == null || failures.isNull()) {
            return answer.isObject() ? Set.of() : all;
        }
        if (!failures.isArray()) {
            return all;
        }
        Set<String> failed = new HashSet<>();
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty() || !all.contains(id.asText())) {
                return all;
            }
            failed.add(id.asText());
        }
        return failed;
    }

    /** The receipt handles of the messages not in {@code failed}. */
    static List<String> toDelete(List<MessageQueues.Message> batch, Set<String> failed) {
        List<String> out = new ArrayList<>();
        for (MessageQueues.Message m : batch) {
            if (!failed.contains(m.messageId())) {
                out.add(m.receiptHandle());
            }
        }
        return out;
    }
}
