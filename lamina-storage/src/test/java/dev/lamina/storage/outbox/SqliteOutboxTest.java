package dev.lamina.storage.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.storage.Database;
import dev.lamina.storage.queue.Lease;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's numbering on a real SQLite file. */
class SqliteOutboxTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static long appendAndDeliver(Database db, SqliteOutbox outbox, String key) {
        db.transaction(tx -> {
            outbox.append(tx, "t", key, key.getBytes(StandardCharsets.UTF_8));
            return null;
        });
        List<OutboxEntry> heads =
                db.transaction(tx -> outbox.claimHeads(tx, NOW, Lease.until("me", NOW.plusSeconds(30)), 10));
        assertEquals(1, heads.size());
        long seq = heads.getFirst().seq();
        db.transaction(tx -> {
            outbox.delivered(tx, seq);
            return null;
        });
        return seq;
    }

    @Test
    void aNumberIsNeverGivenAgainAfterItsEntryWasDelivered() throws Exception {
        try (Database db = new Database(dir.resolve("o.db"))) {
            SqliteOutbox outbox = new SqliteOutbox(db, () -> NOW);
            long first = appendAndDeliver(db, outbox, "a");
            long second = appendAndDeliver(db, outbox, "b");
            assertTrue(second > first, first + " then " + second);
        }
        try (Database db = new Database(dir.resolve("o.db"))) {
            long third = appendAndDeliver(db, new SqliteOutbox(db, () -> NOW), "c");
            assertTrue(third > 2, "after a restart too: " + third);
        }
    }

    @Test
    void aTableThatReusedNumbersIsMadeOneThatDoesNotKeepingItsEntries() throws Exception {
        try (Database db = new Database(dir.resolve("o.db"))) {
            db.withConnection(c -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("CREATE TABLE outbox (seq INTEGER PRIMARY KEY, stream TEXT NOT NULL,"
                            + " topic TEXT NOT NULL, key TEXT NOT NULL, payload BLOB NOT NULL, appended_at INTEGER NOT NULL,"
                            + " attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL DEFAULT 0,"
                            + " last_error TEXT, owner TEXT, leased_until INTEGER)");
                    st.executeUpdate("INSERT INTO outbox(seq, stream, topic, key, payload, appended_at)"
                            + " VALUES (7, 't k', 't', 'k', x'6f6c64', 0)");
                }
                return null;
            });
            SqliteOutbox outbox = new SqliteOutbox(db, () -> NOW);
            List<OutboxEntry> heads =
                    db.transaction(tx -> outbox.claimHeads(tx, NOW, Lease.until("me", NOW.plusSeconds(30)), 10));
            assertEquals(1, heads.size());
            assertEquals(7, heads.getFirst().seq());
            assertEquals("old", new String(heads.getFirst().payload(), StandardCharsets.UTF_8));
            db.transaction(tx -> {
                outbox.delivered(tx, 7);
                return null;
            });
            assertTrue(appendAndDeliver(db, outbox, "new") > 7, "the emptied table does not start again at 1");
        }
    }
}
