package dev.lamina.scheduler.tags;

import dev.lamina.storage.Transaction;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;

/**
 * The tags of schedule groups and rules, by ARN: SQLite on one node ({@link SqliteTagStore}), PostgreSQL
 * in a cluster. Every method runs in the caller's transaction, so that a resource and its tags go
 * together.
 */
public interface TagStore {

    /** Adds or replaces tags. */
    void put(Transaction tx, String arn, Map<String, String> tags);

    /** Removes the tags with these keys; a key it does not have is no error. */
    void remove(Transaction tx, String arn, Collection<String> keys);

    /** Removes every tag of a resource that is gone. */
    void removeAll(Transaction tx, String arn);

    /** A resource's tags, by key. */
    SortedMap<String, String> list(Transaction tx, String arn);
}
