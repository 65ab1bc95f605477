package dev.lamina.kinesis.stream;

import dev.lamina.storage.Transaction;
import java.util.List;
import java.util.Optional;

/**
 * Where the node keeps its streams and their shards (not their records: {@link RecordLog}): SQLite's
 * {@link SqliteStreamStore} on one node. Every call runs in the caller's transaction, so that a
 * stream, its shards and its records change together.
 */
public interface StreamStore {
    /** Adds {@code stream}; false, adding nothing, when a stream of its name exists. */
    boolean create(Transaction tx, Stream stream);

    Optional<Stream> find(Transaction tx, String name);

    /** Replaces the stream of {@code stream}'s name. */
    void update(Transaction tx, Stream stream);

    /** Removes the stream and its shards; false when there was none. */
    boolean delete(Transaction tx, String name);

    /** Up to {@code limit} streams whose names sort after {@code after} ({@code null}: from the first), by name. */
    List<Stream> list(Transaction tx, String after, int limit);

    /** Every shard of the stream, by index. */
    List<Shard> shards(Transaction tx, String stream);

    /** One shard of the stream. */
    Optional<Shard> shard(Transaction tx, String stream, int index);

    /** Adds or replaces {@code shard} of the stream. */
    void put(Transaction tx, String stream, Shard shard);

    /** The number of open shards of every stream, for the account's shard limit. */
    int openShards(Transaction tx);
}
