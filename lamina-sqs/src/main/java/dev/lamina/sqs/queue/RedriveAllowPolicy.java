package dev.lamina.sqs.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A dead-letter queue's {@code RedriveAllowPolicy}: which queues may name it in their redrive policy.
 *
 * @param permission {@code allowAll} (the default), {@code denyAll} or {@code byQueue}
 * @param sourceQueueArns for {@code byQueue}, the 1 to 10 queues allowed
 */
public record RedriveAllowPolicy(String permission, List<String> sourceQueueArns) {
    private static final Set<String> PERMISSIONS = Set.of("allowAll", "denyAll", "byQueue");

    public RedriveAllowPolicy {
        sourceQueueArns = List.copyOf(sourceQueueArns);
        if (!PERMISSIONS.contains(permission)) {
            throw invalid("redrivePermission is allowAll, denyAll or byQueue.");
        }
        if (permission.equals("byQueue") != !sourceQueueArns.isEmpty() || sourceQueueArns.size() > 10) {
            throw invalid("sourceQueueArns names 1 to 10 queues with byQueue, and none otherwise.");
        }
    }

    /** Parses the attribute's JSON; throws {@code InvalidAttributeValue} when it is not such a policy. */
    public static RedriveAllowPolicy parse(String json) {
        JsonNode doc = QueueAttributes.jsonObject("RedriveAllowPolicy", json);
        List<String> sources = new ArrayList<>();
        doc.path("sourceQueueArns").forEach(arn -> sources.add(arn.asText()));
        return new RedriveAllowPolicy(doc.path("redrivePermission").asText(""), sources);
    }

    /** Whether the queue {@code sourceArn} may send its dead letters here. */
    public boolean allows(String sourceArn) {
        return switch (permission) {
            case "allowAll" -> true;
            case "denyAll" -> false;
            default -> sourceQueueArns.contains(sourceArn);
        };
    }

    private static RuntimeException invalid(String reason) {
        return SqsErrors.invalidAttributeValue("RedriveAllowPolicy", reason);
    }
}
