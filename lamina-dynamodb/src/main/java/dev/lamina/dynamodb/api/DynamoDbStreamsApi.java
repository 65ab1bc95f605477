package dev.lamina.dynamodb.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.stream.SequenceNumbers;
import dev.lamina.dynamodb.stream.StreamReader;
import dev.lamina.dynamodb.stream.StreamShard;
import dev.lamina.dynamodb.stream.StreamStore;
import dev.lamina.dynamodb.stream.TableStream;
import dev.lamina.edge.Operations;
import dev.lamina.edge.protocol.EpochTimestamp;

/**
 * DynamoDB Streams' operations over their JSON 1.0 documents (the shapes of its model, 2012-08-10):
 * each parses its input, calls one operation of {@link StreamReader}, and renders its output. Runs on
 * the request's virtual thread.
 */
public final class DynamoDbStreamsApi implements Operations {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StreamReader streams;

    public DynamoDbStreamsApi(StreamReader streams) {
        this.streams = streams;
    }

    @Override
    public JsonNode perform(String operation, JsonNode in) {
        ObjectNode out = JSON.createObjectNode();
        switch (operation) {
            case "ListStreams" -> {
                StreamReader.Streams page = streams.list(
                        DynamoDbApi.text(in, "TableName"), DynamoDbApi.text(in, "ExclusiveStartStreamArn"), limit(in));
                ArrayNode list = out.putArray("Streams");
                for (TableStream s : page.streams()) {
                    list.addObject()
                            .put("StreamArn", s.arn())
                            .put("TableName", s.table())
                            .put("StreamLabel", s.label());
                }
                if (page.lastEvaluated() != null) {
                    out.put("LastEvaluatedStreamArn", page.lastEvaluated());
                }
            }
            case "DescribeStream" -> describe(streams.describe(DynamoDbApi.text(in, "StreamArn"), limit(in)), out);
            case "GetShardIterator" ->
                out.put(
                        "ShardIterator",
                        streams.iterator(
                                DynamoDbApi.text(in, "StreamArn"),
                                DynamoDbApi.text(in, "ShardId"),
                                DynamoDbApi.text(in, "ShardIteratorType"),
                                DynamoDbApi.text(in, "SequenceNumber")));
            case "GetRecords" -> {
                StreamReader.Page page = streams.records(DynamoDbApi.text(in, "ShardIterator"), limit(in));
                ArrayNode records = out.putArray("Records");
                for (StreamStore.Stored record : page.records()) {
                    records.add(parse(record.json())); // its ApproximateCreationDateTime is whole epoch seconds
                }
                if (page.next() != null) {
                    out.put("NextShardIterator", page.next());
                }
            }
            default -> throw new AwsException(400, "UnknownOperationException", "Unknown operation " + operation);
        }
        return out;
    }

    private static void describe(StreamReader.Description d, ObjectNode out) {
        TableStream s = d.stream();
        ObjectNode description = out.putObject("StreamDescription");
        description.put("StreamArn", s.arn());
        description.put("StreamLabel", s.label());
        description.put("StreamStatus", s.state().status());
        description.put("StreamViewType", s.viewType().name());
        description.set("CreationRequestDateTime", EpochTimestamp.of(s.created()));
        description.put("TableName", s.table());
        description.set("KeySchema", parse(s.keySchema()));
        ArrayNode shards = description.putArray("Shards");
        for (StreamShard shard : d.shards()) {
            ObjectNode o = shards.addObject().put("ShardId", shard.id());
            ObjectNode range = o.putObject("SequenceNumberRange");
            range.put("StartingSequenceNumber", SequenceNumbers.format(shard.first()));
            if (!shard.open() && shard.last() >= shard.first()) {
                range.put("EndingSequenceNumber", SequenceNumbers.format(shard.last()));
            }
            if (shard.parent() != null) {
                o.put("ParentShardId", shard.parent());
            }
        }
    }

    private static Integer limit(JsonNode in) {
        return in.hasNonNull("Limit") ? in.get("Limit").asInt() : null;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored stream document is damaged", e);
        }
    }
}
