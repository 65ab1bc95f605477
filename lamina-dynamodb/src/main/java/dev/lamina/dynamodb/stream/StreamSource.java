package dev.lamina.dynamodb.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.spi.dynamodb.TableStreams;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link TableStreams} over {@link StreamReader}: the same reads GetRecords makes, from a position
 * instead of an iterator, each record as a Lambda event has it: with its stream's ARN as {@code
 * eventSourceARN}, and {@code userIdentity}'s members named as Lambda names them ({@code type},
 * {@code principalId}; GetRecords names them {@code Type}, {@code PrincipalId}). Subscribers hear of
 * appends from {@link StreamLog}'s commits.
 */
public final class StreamSource implements TableStreams {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StreamReader reader;
    private final Map<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();

    public StreamSource(StreamReader reader) {
        this.reader = reader;
    }

    @Override
    public Optional<Stream> stream(String streamArn) {
        return reader.find(streamArn)
                .map(s -> new Stream(
                        s.arn(), s.table(), s.state().status(), s.viewType().name()));
    }

    @Override
    public List<Shard> shards(String streamArn) {
        StreamReader.Description d = reader.describe(streamArn, null);
        long last = d.stream().lastSequence();
        return d.shards().stream()
                .map(s -> {
                    long newest = s.open() ? last : s.last();
                    return new Shard(
                            s.id(),
                            s.parent(),
                            SequenceNumbers.format(s.first()),
                            s.open() ? null : SequenceNumbers.format(s.last()),
                            newest >= s.first() ? SequenceNumbers.format(newest) : null);
                })
                .toList();
    }

    @Override
    public List<Record> read(String streamArn, String shardId, String afterSequenceNumber, int limit) {
        Long after = afterSequenceNumber == null ? null : SequenceNumbers.parse(afterSequenceNumber);
        return reader.read(streamArn, shardId, after, limit).stream()
                .map(stored -> new Record(SequenceNumbers.format(stored.sequence()), event(stored.json(), streamArn)))
                .toList();
    }

    @Override
    public AutoCloseable subscribe(String streamArn, Runnable listener) {
        listeners
                .computeIfAbsent(streamArn, arn -> ConcurrentHashMap.newKeySet())
                .add(listener);
        return () -> listeners.computeIfPresent(streamArn, (arn, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** Tells the stream's subscribers that a committed write appended to it; called by {@link StreamLog}. */
    public void appended(String streamArn) {
        Set<Runnable> set = listeners.get(streamArn);
        if (set != null) {
            set.forEach(Runnable::run);
        }
    }

    private static String event(String json, String streamArn) {
        try {
            ObjectNode record = (ObjectNode) JSON.readTree(json);
            if (record.get("userIdentity") instanceof ObjectNode identity) {
                ObjectNode lambda = record.putObject("userIdentity");
                lambda.set("type", identity.get("Type"));
                lambda.set("principalId", identity.get("PrincipalId"));
            }
            record.put("eventSourceARN", streamArn);
            return record.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored stream record is damaged", e);
        }
    }
}
