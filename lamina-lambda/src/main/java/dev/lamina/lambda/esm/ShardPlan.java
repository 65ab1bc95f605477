package dev.lamina.lambda.esm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which shards a stream mapping reads now: those it has not finished whose parents it has (a closed
 * shard is finished once its checkpoint reaches its end), so that after a split or merge a key's
 * older records reach the function before its newer ones. Pure.
 */
final class ShardPlan {
    private ShardPlan() {}

    /** The shards to read, given each shard's checkpoint (absent: its start). */
    static List<ShardSource.ShardInfo> ready(List<ShardSource.ShardInfo> shards, Map<String, String> checkpoints) {
        Map<String, ShardSource.ShardInfo> byId = new HashMap<>();
        shards.forEach(s -> byId.put(s.shardId(), s));
        List<ShardSource.ShardInfo> out = new ArrayList<>();
        for (ShardSource.ShardInfo shard : shards) {
            if (finished(shard, checkpoints)) {
                continue;
            }
            boolean parentsDone = shard.parents().stream()
                    .map(byId::get)
                    .allMatch(p -> p == null || finished(p, checkpoints)); // a parent gone is past
            if (parentsDone) {
                out.add(shard);
            }
        }
        return out;
    }

    /** Whether the mapping has read the shard to its end. */
    static boolean finished(ShardSource.ShardInfo shard, Map<String, String> checkpoints) {
        if (shard.end() == null) {
            return false;
        }
        String at = checkpoints.getOrDefault(shard.shardId(), shard.start());
        return at.compareTo(shard.end()) >= 0;
    }
}
