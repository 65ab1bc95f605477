package dev.lamina.dynamodb.stream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.dynamodb.attribute.AttributeDocuments;
import dev.lamina.dynamodb.attribute.AttributeValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stream record of one item change, in DynamoDB Streams' {@code Record} shape: eventID, eventName
 * (INSERT when there was no old image, REMOVE when there is no new one, else MODIFY), eventVersion
 * 1.1, eventSource, awsRegion and {@code dynamodb} (creation time in whole seconds, Keys, the images
 * the view type asks for, SequenceNumber, SizeBytes, StreamViewType), and for an item Time to Live
 * removed, {@code userIdentity} naming the DynamoDB service. Pure.
 */
public final class StreamRecords {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StreamRecords() {}

    /**
     * What a stream record says of one change.
     *
     * @param byTimeToLive whether Time to Live removed the item (not a caller)
     */
    public record Event(
            String eventId,
            String region,
            StreamViewType viewType,
            List<String> keyNames,
            Map<String, AttributeValue> oldImage,
            Map<String, AttributeValue> newImage,
            Instant created,
            boolean byTimeToLive) {}

    /** The record of {@code event} at {@code sequence}; empty when the change changed nothing. */
    public static Optional<ObjectNode> of(Event event, long sequence) {
        Map<String, AttributeValue> old = event.oldImage();
        Map<String, AttributeValue> now = event.newImage();
        if (old.equals(now)) {
            return Optional.empty();
        }
        Map<String, AttributeValue> some = now.isEmpty() ? old : now;
        Map<String, AttributeValue> keys = new LinkedHashMap<>();
        for (String name : event.keyNames()) {
            keys.put(name, some.get(name));
        }
        ObjectNode record = NODES.objectNode();
        record.put("eventID", event.eventId());
        record.put("eventName", old.isEmpty() ? "INSERT" : now.isEmpty() ? "REMOVE" : "MODIFY");
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", event.region());
        ObjectNode dynamodb = record.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", event.created().getEpochSecond());
        dynamodb.set("Keys", AttributeDocuments.document(keys));
        long size = size(keys);
        if (event.viewType().newImage() && !now.isEmpty()) {
            dynamodb.set("NewImage", AttributeDocuments.document(now));
            size += size(now);
        }
        if (event.viewType().oldImage() && !old.isEmpty()) {
            dynamodb.set("OldImage", AttributeDocuments.document(old));
            size += size(old);
        }
        dynamodb.put("SequenceNumber", SequenceNumbers.format(sequence));
        dynamodb.put("SizeBytes", size);
        dynamodb.put("StreamViewType", event.viewType().name());
        if (event.byTimeToLive()) {
            record.putObject("userIdentity")
                    .put("PrincipalId", "dynamodb.amazonaws.com")
                    .put("Type", "Service");
        }
        return Optional.of(record);
    }

    private static long size(Map<String, AttributeValue> item) {
        return AttributeValue.itemSize(item);
    }
}
