package dev.lamina.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.kinesis.stream.KinesisErrors;
import dev.lamina.kinesis.stream.Shard;
import dev.lamina.kinesis.stream.Streams;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * ListShards: a stream's shards a page at a time. A page's NextToken names the stream and the last
 * shard shown (base64 of {@code <stream>/<index>}); a request with a NextToken names no stream, as
 * Kinesis requires. A ShardFilter of {@code AT_LATEST} shows the open shards only,
 * {@code AFTER_SHARD_ID} those after its ShardId; the others show every shard (the node keeps a
 * closed shard's records as long as the retention period, so every shard is still readable).
 */
final class ListShards {
    private ListShards() {}

    static void perform(Streams streams, JsonNode in, ObjectNode out, String name) {
        String token = KinesisApi.text(in, "NextToken");
        Integer limit = KinesisApi.integer(in, "MaxResults");
        int max = limit == null ? 1000 : limit(limit, "maxResults");
        int after = -1;
        if (token != null) {
            if (name != null) {
                throw KinesisErrors.invalidArgument("NextToken and StreamName cannot be provided together.");
            }
            String decoded = new String(token(token), StandardCharsets.UTF_8);
            int slash = decoded.lastIndexOf('/');
            try {
                name = decoded.substring(0, slash);
                after = Integer.parseInt(decoded.substring(slash + 1));
            } catch (RuntimeException e) {
                throw KinesisErrors.invalidArgument("Invalid NextToken.");
            }
        } else if (name == null) {
            throw KinesisErrors.invalidArgument("Either NextToken or StreamName should be provided.");
        }
        if (in.hasNonNull("ExclusiveStartShardId")) {
            after = Math.max(after, Shard.index(KinesisApi.text(in, "ExclusiveStartShardId")));
        }
        JsonNode filter = in.path("ShardFilter");
        String type = filter.path("Type").asText("");
        if (type.equals("AFTER_SHARD_ID")) {
            after = Math.max(after, Shard.index(filter.path("ShardId").asText(null)));
        }
        int from = after;
        List<Shard> shards = streams.describe(name).shards().stream()
                .filter(s -> s.index() > from)
                .filter(s -> !type.equals("AT_LATEST") || s.isOpen())
                .toList();
        var list = out.putArray("Shards");
        shards.stream().limit(max).forEach(s -> list.add(StreamDocuments.shard(s)));
        if (shards.size() > max) {
            String next = name + "/" + shards.get(max - 1).index();
            out.put("NextToken", Base64.getEncoder().encodeToString(next.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A page size of 1 to 10000; a ValidationException naming {@code member} otherwise. */
    static int limit(int value, String member) {
        if (value < 1 || value > 10_000) {
            throw KinesisErrors.validation(
                    value,
                    member,
                    "must have value " + (value < 1 ? "greater than or equal to 1" : "less than or equal to 10000"));
        }
        return value;
    }

    /** A NextToken's bytes; an InvalidArgumentException when it is not base64. */
    static byte[] token(String token) {
        try {
            return Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw KinesisErrors.invalidArgument("Invalid NextToken.");
        }
    }
}
