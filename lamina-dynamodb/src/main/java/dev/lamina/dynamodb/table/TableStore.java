package dev.lamina.dynamodb.table;

import dev.lamina.storage.Transaction;
import java.util.List;
import java.util.Optional;

/** Where tables are kept; every call runs in the caller's transaction. */
public interface TableStore {
    /** Adds {@code table}; false when a table of its name exists. */
    boolean create(Transaction tx, Table table);

    Optional<Table> find(Transaction tx, String name);

    /** Removes the table called {@code name}; false when there was none. */
    boolean delete(Transaction tx, String name);

    /** Up to {@code limit} table names after {@code after} ({@code null}: from the first), in name order. */
    List<String> names(Transaction tx, String after, int limit);
}
