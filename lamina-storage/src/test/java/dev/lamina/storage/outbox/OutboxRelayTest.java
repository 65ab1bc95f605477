package dev.lamina.storage.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.storage.Database;
import dev.lamina.storage.MutableClock;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.queue.Lease;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries appended with a change reach their handlers at least once, in order per key, on a real SQLite file. */
class OutboxRelayTest {
    private static final OutboxRelay.Timing TIMING = new OutboxRelay.Timing(
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)), Duration.ofSeconds(30), Duration.ofSeconds(1));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private Database db;
    private SqliteOutbox outbox;
    private OutboxRelay relay;
    private final List<String> delivered = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("outbox.db"));
        db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("CREATE TABLE objects (key TEXT PRIMARY KEY)");
            }
        });
        outbox = new SqliteOutbox(db, clock);
        relay = new OutboxRelay(db, outbox, clock, "node-1", TIMING);
    }

    @AfterEach
    void close() throws Exception {
        relay.close();
        db.close();
    }

    /** A service's change: stores an object and appends its notification in the same transaction. */
    private void put(String objectKey, String orderKey) {
        db.transaction(tx -> {
            insert(tx, objectKey);
            outbox.append(tx, "s3.notify", orderKey, objectKey.getBytes(StandardCharsets.UTF_8));
            return null;
        });
    }

    private static void insert(Transaction tx, String key) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO objects(key) VALUES(?)")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    private void record(OutboxEntry entry) {
        delivered.add(new String(entry.payload(), StandardCharsets.UTF_8));
    }

    private int size() {
        return db.transaction(outbox::size);
    }

    /** Runs passes until one finds nothing due, as the relay's thread does. */
    private void drain() {
        while (relay.deliverDue() > 0) {}
    }

    @Test
    void anEntryIsDeliveredAfterItsChangeCommitsAndThenRemoved() {
        relay.register("s3.notify", this::record);
        put("a", "bucket");
        drain();
        assertEquals(List.of("a"), delivered);
        assertEquals(0, size());
    }

    @Test
    void aChangeThatRollsBackSendsNothing() {
        relay.register("s3.notify", this::record);
        put("a", "bucket");
        assertThrows(RuntimeException.class, () -> put("a", "bucket")); // the object exists: the change fails
        drain();
        assertEquals(List.of("a"), delivered);
    }

    @Test
    void aFailedDeliveryBacksOffAndHoldsBackItsKeyButNotOthers() {
        List<String> refusals = new ArrayList<>(List.of("a1", "a1"));
        relay.register("s3.notify", entry -> {
            String object = new String(entry.payload(), StandardCharsets.UTF_8);
            if (refusals.remove(object)) {
                throw new IllegalStateException("the target is down");
            }
            record(entry);
        });
        put("a1", "a");
        put("a2", "a");
        put("b1", "b");
        drain();
        assertEquals(List.of("b1"), delivered, "a1 failed, so a2 waits behind it; b is another key");
        clock.advance(Duration.ofMillis(999));
        drain();
        assertEquals(List.of("b1"), delivered);
        clock.advance(Duration.ofMillis(1));
        drain();
        assertEquals(List.of("b1"), delivered, "the second failure waits 2 s");
        clock.advance(Duration.ofSeconds(2));
        drain();
        assertEquals(List.of("b1", "a1", "a2"), delivered);
    }

    @Test
    void entriesWaitForTheirTopicsHandler() {
        put("a", "bucket");
        drain();
        assertEquals(1, size());
        relay.register("s3.notify", this::record);
        clock.advance(Duration.ofSeconds(1));
        drain();
        assertEquals(List.of("a"), delivered);
    }

    @Test
    void anEntryClaimedByANodeThatDiedIsDeliveredOnceItsLeaseLapses() {
        put("a", "bucket");
        Instant now = clock.instant();
        db.transaction(tx -> outbox.claimHeads(tx, now, Lease.until("dead-node", now.plusSeconds(30)), 10));
        relay.register("s3.notify", this::record);
        drain();
        assertEquals(List.of(), delivered);
        clock.advance(Duration.ofSeconds(30));
        drain();
        assertEquals(List.of("a"), delivered);
    }

    @Test
    void aNodeOnItsOwnStoreTakesBackWhatItsEarlierRunClaimedAtOnce() {
        put("a", "bucket");
        put("b", "other");
        Instant now = clock.instant();
        db.transaction(tx -> outbox.claimHeads(tx, now, Lease.until("earlier-run", now.plusSeconds(30)), 1));
        relay.register("s3.notify", this::record);
        assertEquals(1, relay.recover());
        drain();
        assertEquals(List.of("a", "b"), delivered);
    }

    @Test
    void theRelaysThreadWakesWhenAnAppendCommits() throws Exception {
        CountDownLatch arrived = new CountDownLatch(2);
        relay.register("s3.notify", entry -> arrived.countDown());
        relay.start();
        put("a", "bucket");
        put("b", "bucket");
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
    }

    @Test
    void topicsAreCheckedWhenAppended() {
        assertThrows(
                IllegalArgumentException.class,
                () -> db.transaction(tx -> {
                    outbox.append(tx, "has space", new byte[0]);
                    return null;
                }));
    }
}
