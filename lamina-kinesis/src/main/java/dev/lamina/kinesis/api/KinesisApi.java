package dev.lamina.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.Operations;
import dev.lamina.edge.protocol.EpochTimestamp;
import dev.lamina.kinesis.record.PutEntry;
import dev.lamina.kinesis.record.Records;
import dev.lamina.kinesis.stream.KinesisErrors;
import dev.lamina.kinesis.stream.Shard;
import dev.lamina.kinesis.stream.Stream;
import dev.lamina.kinesis.stream.StreamMode;
import dev.lamina.kinesis.stream.Streams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kinesis's operations over its documents (JSON 1.1, or CBOR to a client that sends CBOR: the edge
 * decodes and encodes both; blobs are byte strings in CBOR and base64 in JSON, timestamps tagged
 * milliseconds and seconds, see {@link EpochTimestamp}). Each operation parses its input, calls one
 * operation of {@link Streams} or {@link Records}, and renders the output shape of Kinesis's model.
 * Runs on the request's virtual thread.
 */
public final class KinesisApi implements Operations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Streams streams;
    private final Records records;

    public KinesisApi(Streams streams, Records records) {
        this.streams = streams;
        this.records = records;
    }

    @Override
    public JsonNode perform(String operation, JsonNode in) {
        ObjectNode out = NODES.objectNode();
        switch (operation) {
            case "CreateStream" -> {
                StreamMode mode = mode(in.path("StreamModeDetails").path("StreamMode"));
                streams.create(name(in), integer(in, "ShardCount"), mode, tags(in.path("Tags")));
            }
            case "DescribeStream" -> describe(in, out);
            case "DescribeStreamSummary" -> {
                Streams.Description d = streams.describe(name(in));
                ObjectNode summary = StreamDocuments.stream(d.stream(), streams.region(), streams.account())
                        .put(
                                "OpenShardCount",
                                d.shards().stream().filter(Shard::isOpen).count())
                        .put("ConsumerCount", 0);
                out.set("StreamDescriptionSummary", summary);
            }
            case "ListStreams" -> listStreams(in, out);
            case "ListShards" -> ListShards.perform(streams, in, out, name(in, false));
            case "DeleteStream" -> streams.delete(name(in));
            case "SplitShard" ->
                streams.split(name(in), required(in, "ShardToSplit", "shardToSplit"), text(in, "NewStartingHashKey"));
            case "MergeShards" ->
                streams.merge(
                        name(in),
                        required(in, "ShardToMerge", "shardToMerge"),
                        required(in, "AdjacentShardToMerge", "adjacentShardToMerge"));
            case "IncreaseStreamRetentionPeriod", "DecreaseStreamRetentionPeriod" ->
                streams.retain(name(in), required(in, "RetentionPeriodHours"), operation.startsWith("Increase"));
            case "AddTagsToStream" -> streams.tag(name(in), tags(in.path("Tags")));
            case "RemoveTagsFromStream" -> streams.untag(name(in), texts(in.path("TagKeys")));
            case "ListTagsForStream" -> listTags(in, out);
            case "PutRecord" -> {
                sequenceForOrdering(in);
                Records.Placed placed = records.put(
                                name(in),
                                List.of(PutEntry.of(
                                        data(in), text(in, "PartitionKey"), text(in, "ExplicitHashKey"), "")))
                        .getFirst();
                out.put("ShardId", placed.shardId())
                        .put("SequenceNumber", placed.sequenceNumber().toString());
            }
            case "PutRecords" -> {
                List<PutEntry> entries = new ArrayList<>();
                JsonNode list = in.path("Records");
                for (int i = 0; i < list.size(); i++) {
                    JsonNode e = list.get(i);
                    entries.add(PutEntry.of(
                            data(e),
                            text(e, "PartitionKey"),
                            text(e, "ExplicitHashKey"),
                            "records." + (i + 1) + ".member."));
                }
                out = StreamDocuments.placed(records.put(name(in), entries));
            }
            case "GetShardIterator" ->
                out.put(
                        "ShardIterator",
                        records.iterator(
                                name(in),
                                text(in, "ShardId"),
                                text(in, "ShardIteratorType"),
                                text(in, "StartingSequenceNumber"),
                                in.hasNonNull("Timestamp")
                                        ? EpochTimestamp.read(in.get("Timestamp"), "Timestamp")
                                        : null));
            case "GetRecords" -> {
                String iterator = text(in, "ShardIterator");
                if (iterator == null) {
                    throw KinesisErrors.validation(null, "shardIterator", "must not be null");
                }
                Integer limit = integer(in, "Limit");
                out = StreamDocuments.records(records.get(iterator, limit == null ? Records.MAX_GET_RECORDS : limit));
            }
            default ->
                throw new AwsException(
                        400, "UnknownOperationException", "Operation " + operation + " is not supported.");
        }
        return out;
    }

    private void describe(JsonNode in, ObjectNode out) {
        Streams.Description d = streams.describe(name(in));
        Integer limit = integer(in, "Limit");
        int max = limit == null ? 100 : ListShards.limit(limit, "limit");
        int after = in.hasNonNull("ExclusiveStartShardId") ? Shard.index(text(in, "ExclusiveStartShardId")) : -1;
        List<Shard> shards = d.shards().stream().filter(s -> s.index() > after).toList();
        ObjectNode description = StreamDocuments.stream(d.stream(), streams.region(), streams.account());
        var list = description.putArray("Shards");
        shards.stream().limit(max).forEach(s -> list.add(StreamDocuments.shard(s)));
        description.put("HasMoreShards", shards.size() > max);
        out.set("StreamDescription", description);
    }

    private void listStreams(JsonNode in, ObjectNode out) {
        Integer limit = integer(in, "Limit");
        int max = limit == null ? 100 : ListShards.limit(limit, "limit");
        String after = text(in, "ExclusiveStartStreamName");
        String token = text(in, "NextToken");
        if (token != null) {
            after = new String(ListShards.token(token), StandardCharsets.UTF_8);
        }
        List<Stream> page = streams.list(after, max);
        List<Stream> shown = page.subList(0, Math.min(max, page.size()));
        var names = out.putArray("StreamNames");
        var summaries = out.putArray("StreamSummaries");
        for (Stream s : shown) {
            names.add(s.name());
            summaries.add(StreamDocuments.summary(s, streams.region(), streams.account()));
        }
        out.put("HasMoreStreams", page.size() > max);
        if (page.size() > max) {
            out.put(
                    "NextToken",
                    Base64.getEncoder().encodeToString(shown.getLast().name().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void listTags(JsonNode in, ObjectNode out) {
        Stream stream = streams.get(name(in));
        Integer limit = integer(in, "Limit");
        int max = limit == null ? 50 : limit;
        if (max < 1 || max > 50) {
            throw KinesisErrors.invalidArgument("Limit must be between 1 and 50.");
        }
        String after = text(in, "ExclusiveStartTagKey");
        Map<String, String> sorted = new TreeMap<>(stream.tags());
        List<Map.Entry<String, String>> tags = sorted.entrySet().stream()
                .filter(e -> after == null || e.getKey().compareTo(after) > 0)
                .toList();
        var list = out.putArray("Tags");
        tags.stream()
                .limit(max)
                .forEach(e -> list.addObject().put("Key", e.getKey()).put("Value", e.getValue()));
        out.put("HasMoreTags", tags.size() > max);
    }

    /** The stream a request names by StreamName or StreamARN. */
    private String name(JsonNode in) {
        return name(in, true);
    }

    /** As {@link #name(JsonNode)}; {@code null} when none is named and {@code required} is false. */
    String name(JsonNode in, boolean required) {
        String name = text(in, "StreamName");
        String arn = text(in, "StreamARN");
        if (name == null && arn != null) {
            String prefix = "arn:aws:kinesis:" + streams.region() + ":" + streams.account() + ":stream/";
            if (!arn.startsWith(prefix)) {
                throw KinesisErrors.invalidArgument("Stream ARN " + arn + " is not a stream of account "
                        + streams.account() + " in " + streams.region() + ".");
            }
            name = arn.substring(prefix.length());
        }
        if (name == null && required) {
            throw KinesisErrors.validation(null, "streamName", "must not be null");
        }
        return name;
    }

    private static StreamMode mode(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return StreamMode.PROVISIONED;
        }
        try {
            return StreamMode.valueOf(node.asText());
        } catch (IllegalArgumentException e) {
            throw KinesisErrors.validation(
                    node.asText(),
                    "streamModeDetails.streamMode",
                    "must satisfy enum value set: [ON_DEMAND, PROVISIONED]");
        }
    }

    private static void sequenceForOrdering(JsonNode in) {
        // every shard's numbers already increase with each put: the hint asks for nothing more
        String hint = text(in, "SequenceNumberForOrdering");
        if (hint != null && !hint.matches("0|([1-9]\\d{0,128})")) {
            throw KinesisErrors.validation(
                    hint, "sequenceNumberForOrdering", "must satisfy regular expression pattern: 0|([1-9]\\d{0,128})");
        }
    }

    private static byte[] data(JsonNode in) {
        JsonNode data = in.get("Data");
        if (data == null || data.isNull()) {
            return null;
        }
        try {
            byte[] bytes = data.binaryValue();
            if (bytes == null) {
                throw new IOException("not a blob");
            }
            return bytes;
        } catch (IOException e) {
            throw new AwsException(400, "SerializationException", "Data is not a valid blob (base64 in JSON).");
        }
    }

    static String text(JsonNode in, String member) {
        JsonNode value = in.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new AwsException(400, "SerializationException", member + " must be a string.");
        }
        return value.asText();
    }

    static Integer integer(JsonNode in, String member) {
        JsonNode value = in.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new AwsException(400, "SerializationException", member + " must be an integer.");
        }
        return value.intValue();
    }

    private static int required(JsonNode in, String member) {
        Integer value = integer(in, member);
        if (value == null) {
            throw KinesisErrors.validation(
                    null, Character.toLowerCase(member.charAt(0)) + member.substring(1), "must not be null");
        }
        return value;
    }

    private static String required(JsonNode in, String member, String name) {
        String value = text(in, member);
        if (value == null) {
            throw KinesisErrors.validation(null, name, "must not be null");
        }
        return value;
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, String> tags(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
