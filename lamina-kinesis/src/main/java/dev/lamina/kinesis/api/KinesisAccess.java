package dev.lamina.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.Access;
import dev.lamina.edge.AccessRules;
import dev.lamina.edge.HttpRequest;
import dev.lamina.kinesis.record.ShardIterator;
import java.util.Map;

/**
 * What a Kinesis request asks to do (decision 38): {@code kinesis:<Operation>} on the ARN of the
 * stream it names (by {@code StreamARN} or {@code StreamName}; GetRecords by the stream its iterator
 * was issued for), or on {@code *} for ListStreams and a request that names none (ListShards with a
 * NextToken). A role scoped to {@code arn:aws:kinesis:<region>:<account>:stream/orders} may then put
 * to and read from that stream only. Pure.
 */
public final class KinesisAccess implements AccessRules {
    private final String region;
    private final String account;

    public KinesisAccess(String region, String account) {
        this.region = region;
        this.account = account;
    }

    @Override
    public Access ofOperation(String operation, JsonNode input) {
        String action = "kinesis:" + operation;
        if (input == null || operation.equals("ListStreams")) {
            return new Access(action, "*");
        }
        String arn = text(input.get("StreamARN"));
        if (arn != null) {
            return new Access(action, arn);
        }
        String name = text(input.get("StreamName"));
        String iterator = text(input.get("ShardIterator"));
        if (name == null && iterator != null) {
            try {
                name = ShardIterator.decode(iterator).stream();
            } catch (AwsException notAnIterator) {
                name = null; // GetRecords answers that itself
            }
        }
        return new Access(action, name == null ? "*" : "arn:aws:kinesis:" + region + ":" + account + ":stream/" + name);
    }

    /** Kinesis has no routes: a request without {@code X-Amz-Target} names no operation. */
    @Override
    public Access ofRoute(HttpRequest request, Map<String, String> params) {
        return new Access("kinesis:*", "*");
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
