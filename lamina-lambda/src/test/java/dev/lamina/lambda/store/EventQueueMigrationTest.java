package dev.lamina.lambda.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lamina.lambda.async.AsyncEvent;
import dev.lamina.lambda.async.FunctionResponse;
import dev.lamina.lambda.async.QueuedEvent;
import dev.lamina.storage.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory from before decision 23 keeps its queued events, with their delivery state. */
class EventQueueMigrationTest {
    @TempDir
    Path dir;

    @Test
    void theOldTablesEventsMoveWithTheirStateAndTheTableGoes() throws Exception {
        try (Database db = new Database(dir.resolve("lamina.db"))) {
            db.withConnection(c -> {
                try (Statement st = c.createStatement()) {
                    // The table as decision 13's SqliteEventQueue made it.
                    st.executeUpdate("CREATE TABLE event_queue (request_id TEXT PRIMARY KEY,"
                            + " function TEXT NOT NULL, qualifier TEXT, invoked_arn TEXT NOT NULL, trace_id TEXT,"
                            + " payload BLOB NOT NULL, enqueued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
                            + " due_at INTEGER NOT NULL,"
                            + " attempts INTEGER NOT NULL DEFAULT 0, returns INTEGER NOT NULL DEFAULT 0,"
                            + " executed_version TEXT, function_error TEXT, last_response BLOB,"
                            + " claimed_by TEXT, claimed_at INTEGER)");
                    st.executeUpdate("INSERT INTO event_queue VALUES('fresh', 'f', NULL, 'arn:f', NULL, X'7B7D',"
                            + " 100, 10100, 100, 0, 0, NULL, NULL, NULL, NULL, NULL)");
                    st.executeUpdate("INSERT INTO event_queue VALUES('retried', 'f', 'live', 'arn:f:live', 'Root=1',"
                            + " X'5B5D', 50, 10050, 2000, 1, 2, '3', 'Unhandled', X'6F6F7073', 'dead-node', 60)");
                }
                return null;
            });
            SqliteEventQueue queue = new SqliteEventQueue(db);
            assertFalse(oldTableExists(db));
            assertEquals(2, queue.size());
            assertEquals(0, queue.recover("new-node"), "the earlier node's claim was given back as it moved");

            List<QueuedEvent> due = queue.claimDue("new-node", "f", 2_000, 10);
            assertEquals(
                    List.of("fresh", "retried"),
                    due.stream().map(QueuedEvent::requestId).toList());
            QueuedEvent fresh = due.getFirst();
            assertEquals(100, fresh.dueAt());
            assertEquals(0, fresh.attempts());
            assertNull(fresh.lastResponse());
            assertNull(fresh.event().qualifier());
            assertNull(fresh.event().traceId());

            QueuedEvent retried = due.get(1);
            AsyncEvent event = retried.event();
            assertEquals("live", event.qualifier());
            assertEquals("arn:f:live", event.invokedArn());
            assertEquals("Root=1", event.traceId());
            assertArrayEquals("[]".getBytes(StandardCharsets.UTF_8), event.payload());
            assertEquals(50, event.enqueuedAt());
            assertEquals(10_050, event.expiresAt());
            assertEquals(2_000, retried.dueAt());
            assertEquals(1, retried.attempts());
            assertEquals(2, retried.returns());
            FunctionResponse last = retried.lastResponse();
            assertEquals("3", last.executedVersion());
            assertEquals("Unhandled", last.functionError());
            assertArrayEquals("oops".getBytes(StandardCharsets.UTF_8), last.body());
        }
        try (Database db = new Database(dir.resolve("lamina.db"))) {
            assertEquals(2, new SqliteEventQueue(db).size(), "a second start moves nothing twice");
        }
    }

    private static boolean oldTableExists(Database db) throws Exception {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE name = 'event_queue'");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }
}
