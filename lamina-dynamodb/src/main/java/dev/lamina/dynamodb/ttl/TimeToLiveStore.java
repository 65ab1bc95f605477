package dev.lamina.dynamodb.ttl;

import dev.lamina.storage.Transaction;
import java.util.List;

/**
 * Where tables' Time to Live settings are kept, by table id (a table made again under the same name
 * has a new id, so it starts with Time to Live off, as on AWS). Every call runs in the caller's
 * transaction.
 */
public interface TimeToLiveStore {
    /** One table with Time to Live on. */
    record Entry(String tableId, String table, String attribute) {}

    /** The setting of the table with this id; {@link TimeToLive.Disabled} when none is stored. */
    TimeToLive get(Transaction tx, String tableId);

    /** Stores the setting of table {@code table} (id {@code tableId}). */
    void put(Transaction tx, String tableId, String table, TimeToLive ttl);

    /** The tables with Time to Live on. */
    List<Entry> enabled(Transaction tx);
}
