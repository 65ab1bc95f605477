package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.spi.kinesis.DataStreams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A Kinesis data stream's shards, read through the Kinesis module's {@link DataStreams}. */
final class KinesisShards implements ShardSource {
    private final DataStreams streams;
    private final ObjectMapper json;
    private final String streamArn;
    private final String region;
    private final String invokeIdentityArn;
    private final String functionArn;

    KinesisShards(
            DataStreams streams,
            ObjectMapper json,
            String streamArn,
            String region,
            String invokeIdentityArn,
            String functionArn) {
        this.streams = streams;
        this.json = json;
        this.streamArn = streamArn;
        this.region = region;
        this.invokeIdentityArn = invokeIdentityArn;
        this.functionArn = functionArn;
    }

    @Override
    public List<ShardInfo> shards() {
        List<ShardInfo> out = new ArrayList<>();
        for (DataStreams.ShardRef s : streams.shards(streamArn)) {
            List<String> parents = new ArrayList<>(2);
            if (s.parentShardId() != null) {
                parents.add(s.parentShardId());
            }
            if (s.adjacentParentShardId() != null) {
                parents.add(s.adjacentParentShardId());
            }
            out.add(new ShardInfo(s.shardId(), parents, s.startingSequenceNumber(), s.endingSequenceNumber()));
        }
        return out;
    }

    @Override
    public List<StreamItem> read(String shardId, String after, int limit) {
        KinesisRecords.Source source = source(shardId);
        List<StreamItem> out = new ArrayList<>();
        for (DataStreams.Record r : streams.read(streamArn, shardId, after, limit)) {
            out.add(KinesisRecords.item(json, source, r));
        }
        return out;
    }

    @Override
    public String latest(String shardId) {
        return streams.latest(streamArn, shardId);
    }

    @Override
    public String before(String shardId, Instant t) {
        return streams.before(streamArn, shardId, t);
    }

    @Override
    public AutoCloseable subscribe(Runnable listener) {
        return streams.subscribe(streamArn, listener);
    }

    @Override
    public JsonNode forFilters(StreamItem item) {
        return KinesisRecords.forFilters(json, item.event());
    }

    @Override
    public StreamFailures.Origin origin(String shardId) {
        return new StreamFailures.Origin("KinesisBatchInfo", streamArn, shardId, functionArn);
    }

    private KinesisRecords.Source source(String shardId) {
        return new KinesisRecords.Source(streamArn, shardId, region, invokeIdentityArn);
    }
}
