package dev.lamina.kinesis.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.edge.protocol.EpochTimestamp;
import dev.lamina.kinesis.record.Records;
import dev.lamina.kinesis.stream.SequenceNumber;
import dev.lamina.kinesis.stream.Shard;
import dev.lamina.kinesis.stream.Stream;
import dev.lamina.kinesis.stream.StreamRecord;
import java.util.List;

/** Kinesis's output shapes (StreamDescription, Shard, Record, …) from the domain's records. */
final class StreamDocuments {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StreamDocuments() {}

    /** What DescribeStream and DescribeStreamSummary share. */
    static ObjectNode stream(Stream stream, String region, String account) {
        ObjectNode out = NODES.objectNode()
                .put("StreamName", stream.name())
                .put("StreamARN", stream.arn(region, account))
                .put("StreamStatus", stream.state().status());
        out.putObject("StreamModeDetails").put("StreamMode", stream.mode().name());
        out.put("RetentionPeriodHours", stream.retentionHours());
        out.set("StreamCreationTimestamp", EpochTimestamp.of(stream.created()));
        out.putArray("EnhancedMonitoring").addObject().putArray("ShardLevelMetrics");
        out.put("EncryptionType", "NONE");
        return out;
    }

    static ObjectNode summary(Stream stream, String region, String account) {
        ObjectNode out = NODES.objectNode()
                .put("StreamName", stream.name())
                .put("StreamARN", stream.arn(region, account))
                .put("StreamStatus", stream.state().status());
        out.putObject("StreamModeDetails").put("StreamMode", stream.mode().name());
        out.set("StreamCreationTimestamp", EpochTimestamp.of(stream.created()));
        return out;
    }

    static ObjectNode shard(Shard shard) {
        ObjectNode out = NODES.objectNode().put("ShardId", shard.id());
        if (shard.parent() != null) {
            out.put("ParentShardId", Shard.id(shard.parent()));
        }
        if (shard.adjacentParent() != null) {
            out.put("AdjacentParentShardId", Shard.id(shard.adjacentParent()));
        }
        out.putObject("HashKeyRange")
                .put("StartingHashKey", shard.hashKeys().start().toString())
                .put("EndingHashKey", shard.hashKeys().end().toString());
        ObjectNode range = out.putObject("SequenceNumberRange")
                .put("StartingSequenceNumber", shard.startingSequence().toString());
        if (shard.endingSequence() != null) {
            range.put("EndingSequenceNumber", shard.endingSequence().toString());
        }
        return out;
    }

    static ObjectNode records(Records.Batch batch) {
        ObjectNode out = NODES.objectNode();
        var list = out.putArray("Records");
        for (StreamRecord r : batch.records()) {
            ObjectNode record =
                    list.addObject().put("SequenceNumber", new SequenceNumber(batch.shard(), r.position()).toString());
            record.set("ApproximateArrivalTimestamp", EpochTimestamp.of(r.arrival()));
            record.put("Data", r.data()).put("PartitionKey", r.partitionKey());
        }
        if (batch.nextIterator() != null) {
            out.put("NextShardIterator", batch.nextIterator());
        }
        out.put("MillisBehindLatest", batch.millisBehindLatest());
        if (!batch.children().isEmpty()) {
            var children = out.putArray("ChildShards");
            for (Shard child : batch.children()) {
                ObjectNode c = children.addObject().put("ShardId", child.id());
                var parents = c.putArray("ParentShards").add(Shard.id(child.parent()));
                if (child.adjacentParent() != null) {
                    parents.add(Shard.id(child.adjacentParent()));
                }
                c.set("HashKeyRange", shard(child).get("HashKeyRange"));
            }
        }
        return out;
    }

    static ObjectNode placed(List<Records.Placed> placed) {
        ObjectNode out = NODES.objectNode().put("FailedRecordCount", 0);
        var list = out.putArray("Records");
        placed.forEach(p -> list.addObject()
                .put("SequenceNumber", p.sequenceNumber().toString())
                .put("ShardId", p.shardId()));
        return out;
    }
}
