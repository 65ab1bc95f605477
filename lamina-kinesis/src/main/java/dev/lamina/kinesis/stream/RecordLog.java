package dev.lamina.kinesis.stream;

import dev.lamina.storage.Transaction;
import java.time.Instant;
import java.util.List;

/**
 * The append log of each shard, durable once the caller's transaction commits: SQLite's
 * {@link SqliteRecordLog} on one node. A shard's records are read by position, in order, from any
 * position: what GetRecords does with an iterator, and what a stream event source mapping will do
 * from its checkpoint (the position of the last record its function took).
 */
public interface RecordLog {
    /** Appends {@code records} (positions increasing, after the shard's last) to the shard's log. */
    void append(Transaction tx, String stream, int shard, List<StreamRecord> records);

    /**
     * The shard's records after position {@code after} that arrived at or after {@code from}, in
     * order: at most {@code limit}, and no more than {@code maxBytes} of them by {@link
     * StreamRecord#size} (but at least one).
     */
    List<StreamRecord> read(
            Transaction tx, String stream, int shard, long after, Instant from, int limit, long maxBytes);

    /** Deletes the shard's records that arrived before {@code before}; returns how many. */
    int trim(Transaction tx, String stream, int shard, Instant before);

    /** Deletes every record of the stream. */
    void deleteAll(Transaction tx, String stream);
}
