package dev.lamina.metrics.usage;

import java.util.List;

/**
 * Where usage records are kept: the node's SQLite database on one node ({@link SqliteUsageStore}),
 * PostgreSQL in a cluster.
 */
public interface UsageStore {

    /** Keeps {@code records}, all or none, durably once this returns. Called by the usage writer's thread. */
    void append(List<UsageRecord> records);

    /** The records that {@code query} selects, summed per its grouping, calendar month and architecture. */
    List<UsageTotal> totals(UsageQuery query);
}
