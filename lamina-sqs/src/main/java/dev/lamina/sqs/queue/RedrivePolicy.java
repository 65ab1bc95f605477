package dev.lamina.sqs.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A queue's {@code RedrivePolicy}: the dead-letter queue a message moves to on the receive that would
 * be its {@code maxReceiveCount + 1}-th.
 *
 * @param deadLetterTargetArn the dead-letter queue's ARN
 * @param maxReceiveCount how many receives a message gets before it moves, 1 to 1,000
 */
public record RedrivePolicy(String deadLetterTargetArn, int maxReceiveCount) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RedrivePolicy {
        if (deadLetterTargetArn == null || deadLetterTargetArn.isEmpty()) {
            throw invalid("deadLetterTargetArn is missing.");
        }
        if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw invalid("maxReceiveCount must be between 1 and 1000.");
        }
    }

    /**
     * Parses the attribute's JSON ({@code maxReceiveCount} a number or a string of one, as the console
     * and the CLI's examples write it); throws {@code InvalidAttributeValue} when it is not one.
     */
    public static RedrivePolicy parse(String json) {
        JsonNode doc = QueueAttributes.jsonObject("RedrivePolicy", json);
        JsonNode count = doc.path("maxReceiveCount");
        int max;
        if (count.isIntegralNumber()) {
            max = count.asInt();
        } else if (count.isTextual() && count.asText().matches("[0-9]{1,4}")) {
            max = Integer.parseInt(count.asText());
        } else {
            throw invalid("maxReceiveCount must be an integer.");
        }
        return new RedrivePolicy(doc.path("deadLetterTargetArn").asText(""), max);
    }

    /**
     * The dead-letter queue's name: its ARN's last field. Which account and region the ARN names was
     * checked when the policy was set (the queue had to exist on this node).
     */
    public String deadLetterQueueName() {
        return deadLetterTargetArn.substring(deadLetterTargetArn.lastIndexOf(':') + 1);
    }

    /** The attribute as {@code GetQueueAttributes} reports it. */
    public String toJson() {
        ObjectNode out = JSON.createObjectNode();
        out.put("deadLetterTargetArn", deadLetterTargetArn);
        out.put("maxReceiveCount", maxReceiveCount);
        return out.toString();
    }

    private static RuntimeException invalid(String reason) {
        return SqsErrors.invalidAttributeValue("RedrivePolicy", reason);
    }
}
