package dev.lamina.lambda.store;

import dev.lamina.lambda.async.AsyncEvent;
import dev.lamina.lambda.async.FunctionResponse;
import dev.lamina.lambda.async.QueuedEvent;
import dev.lamina.storage.Database;
import dev.lamina.storage.queue.WorkQueue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;

/**
 * Moves the events of a data directory from before decision 23, kept in the table {@code event_queue},
 * into the work queue, in one transaction that also drops the table: a crash part-way leaves the old
 * table whole, to be moved at the next start. Events an earlier node had claimed move unclaimed, as
 * {@link dev.lamina.lambda.async.EventQueue#recover} would have given them back anyway.
 */
final class EventQueueMigration {
    private static final Logger LOG = Logger.getLogger(EventQueueMigration.class.getName());

    private EventQueueMigration() {}

    /** Moves the old table's events, if there is one; returns how many moved. Called once, at start. */
    static int run(Database db, WorkQueue queue) {
        return db.transaction(tx -> {
            Connection c = tx.connection();
            if (!hasOldTable(c)) {
                return 0;
            }
            int moved = 0;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT request_id, function, qualifier, invoked_arn, trace_id,"
                            + " payload, enqueued_at, expires_at, due_at, attempts, returns, executed_version,"
                            + " function_error, last_response FROM event_queue ORDER BY rowid")) {
                while (rs.next()) {
                    queue.enqueue(tx, QueuedEvents.item(event(rs)));
                    moved++;
                }
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DROP TABLE event_queue");
            }
            if (moved > 0) {
                LOG.info(moved + " queued asynchronous invocation(s) moved to the work queue " + queue.name());
            }
            return moved;
        });
    }

    private static boolean hasOldTable(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'event_queue'")) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static QueuedEvent event(ResultSet rs) throws SQLException {
        AsyncEvent event = new AsyncEvent(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getBytes(6),
                rs.getLong(7),
                rs.getLong(8));
        byte[] last = rs.getBytes(14);
        FunctionResponse response =
                last == null ? null : new FunctionResponse(rs.getString(12), rs.getString(13), last);
        return new QueuedEvent(event, rs.getLong(9), rs.getInt(10), rs.getInt(11), response);
    }
}
