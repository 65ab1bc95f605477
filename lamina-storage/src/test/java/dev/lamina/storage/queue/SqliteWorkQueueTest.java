package dev.lamina.storage.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.storage.Database;
import dev.lamina.storage.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Work items through claims, lapsed leases, retries and settling, on a real SQLite file. */
class SqliteWorkQueueTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private Database db;
    private SqliteWorkQueue queue;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("queue.db"));
        queue = new SqliteWorkQueue(db, "jobs");
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private WorkItem item(String id, String group, Duration dueIn) {
        return new WorkItem(
                id,
                group,
                id.getBytes(StandardCharsets.UTF_8),
                Map.of("origin", "test"),
                clock.instant().plus(dueIn),
                null);
    }

    private void enqueue(WorkItem... items) {
        db.transaction(tx -> {
            for (WorkItem item : items) {
                assertTrue(queue.enqueue(tx, item));
            }
            return null;
        });
    }

    private List<String> claim(String group, String owner, int max) {
        Instant now = clock.instant();
        return ids(db.transaction(tx -> queue.claim(tx, group, now, Lease.until(owner, now.plus(LEASE)), max)));
    }

    private static List<String> ids(List<QueuedItem> items) {
        return items.stream().map(QueuedItem::id).toList();
    }

    @Test
    void dueItemsAreClaimedEarliestFirstAndOnlyOnceWhileTheLeaseHolds() {
        enqueue(item("late", "f", Duration.ofSeconds(2)), item("early", "f", Duration.ZERO));
        enqueue(item("other", "g", Duration.ZERO), item("later", "f", Duration.ofMinutes(5)));
        clock.advance(Duration.ofSeconds(2));
        List<QueuedItem> claimed = db.transaction(tx -> queue.claim(
                tx, "f", clock.instant(), Lease.until("node-1", clock.instant().plus(LEASE)), 10));
        assertEquals(List.of("early", "late"), ids(claimed));
        assertArrayEquals(
                "early".getBytes(StandardCharsets.UTF_8),
                claimed.getFirst().item().payload());
        assertEquals(Map.of("origin", "test"), claimed.getFirst().item().attributes());
        assertEquals("node-1", claimed.getFirst().lease().owner());
        assertEquals(List.of(), claim("f", "node-2", 10), "claimed items are not claimed twice; 'later' is not due");
    }

    @Test
    void aLapsedLeaseMakesTheItemClaimableByAnotherOwner() {
        enqueue(item("a", "f", Duration.ZERO));
        assertEquals(List.of("a"), claim("f", "dead-node", 1));
        clock.advance(LEASE.minusMillis(1));
        assertEquals(List.of(), claim("f", "node-2", 1));
        assertEquals(
                Optional.of(clock.instant().plusMillis(1)),
                db.transaction(tx -> queue.nextDueAfter(tx, clock.instant())));
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of("f"), db.transaction(tx -> queue.groupsWithWork(tx, clock.instant())));
        assertEquals(List.of("a"), claim("f", "node-2", 1));
        QueuedItem held = db.transaction(tx -> queue.inspect(tx, "a")).orElseThrow();
        assertEquals("node-2", held.lease().owner());
    }

    @Test
    void settlingCompletesReschedulesOrReleases() {
        enqueue(
                item("done", "f", Duration.ZERO),
                item("failed", "f", Duration.ZERO),
                item("put-back", "f", Duration.ZERO));
        claim("f", "n", 3);
        Instant retryAt = clock.instant().plusSeconds(60);
        db.transaction(tx -> {
            assertTrue(queue.complete(tx, "done"));
            assertTrue(queue.reschedule(tx, "failed", retryAt, Map.of("error", "timeout")));
            assertTrue(queue.release(tx, "put-back"));
            assertFalse(queue.complete(tx, "done"), "it is gone");
            return null;
        });
        assertEquals(2, db.transaction(queue::size));
        assertEquals(List.of("put-back"), claim("f", "n", 3), "released at once; the retry waits");
        db.transaction(tx -> queue.complete(tx, "put-back"));
        QueuedItem failed = db.transaction(tx -> queue.inspect(tx, "failed")).orElseThrow();
        assertEquals(1, failed.attempts());
        assertEquals(retryAt, failed.item().dueAt());
        assertEquals(Map.of("error", "timeout"), failed.item().attributes());
        assertEquals(null, failed.lease());
        clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of("failed"), claim("f", "n", 3));
    }

    @Test
    void groupsWithWorkAndTheNextDueTimeLookOnlyAtClaimableItems() {
        enqueue(
                item("a", "f", Duration.ZERO),
                item("b", "g", Duration.ofSeconds(5)),
                item("c", "h", Duration.ofSeconds(9)));
        Instant now = clock.instant();
        assertEquals(List.of("f"), db.transaction(tx -> queue.groupsWithWork(tx, now)));
        assertEquals(Optional.of(now.plusSeconds(5)), db.transaction(tx -> queue.nextDueAfter(tx, now)));
        db.transaction(tx -> queue.claim(tx, "g", now.plusSeconds(5), Lease.untilSettled("n"), 1));
        assertEquals(
                Optional.of(now.plusSeconds(9)),
                db.transaction(tx -> queue.nextDueAfter(tx, now)),
                "a claim held until settled never falls due");
        assertEquals(Optional.empty(), db.transaction(tx -> queue.nextDueAfter(tx, now.plusSeconds(9))));
    }

    @Test
    void expiredItemsCanBeClaimedWhetherDueOrNot() {
        Instant now = clock.instant();
        enqueue(
                new WorkItem("old", "f", new byte[0], Map.of(), now.plusSeconds(100), now.plusSeconds(10)),
                new WorkItem("young", "f", new byte[0], Map.of(), now.plusSeconds(100), now.plusSeconds(50)),
                new WorkItem("ageless", "f", new byte[0], Map.of(), now.plusSeconds(100), null));
        assertEquals(List.of(), db.transaction(tx -> queue.groupsWithWork(tx, now.plusSeconds(9))));
        assertEquals(List.of("f"), db.transaction(tx -> queue.groupsWithWork(tx, now.plusSeconds(10))));
        List<QueuedItem> expired =
                db.transaction(tx -> queue.claimExpired(tx, "f", now.plusSeconds(60), Lease.untilSettled("n"), 10));
        assertEquals(List.of("old", "young"), ids(expired));
        assertEquals(
                List.of(),
                db.transaction(tx -> queue.claimExpired(tx, "f", now.plusSeconds(60), Lease.untilSettled("m"), 10)),
                "a held claim is not taken for its expiry either");
    }

    @Test
    void aNewStartGivesBackEveryOtherOwnersClaims() {
        enqueue(item("a", "f", Duration.ZERO), item("b", "f", Duration.ZERO), item("c", "f", Duration.ZERO));
        Instant now = clock.instant();
        db.transaction(tx -> queue.claim(tx, "f", now, Lease.untilSettled("earlier-run"), 2));
        db.transaction(tx -> queue.claim(tx, "f", now, Lease.untilSettled("this-run"), 1));
        assertEquals(2, (int) db.transaction(tx -> queue.releaseAllBut(tx, "this-run")));
        assertEquals(0, (int) db.transaction(tx -> queue.releaseAllBut(tx, "this-run")), "its own claims stay");
        assertEquals(List.of("a", "b"), claim("f", "this-run", 3));
    }

    @Test
    void discardRemovesAGroupsUnclaimedItemsOnly() {
        enqueue(item("a", "f", Duration.ZERO), item("b", "f", Duration.ZERO), item("c", "g", Duration.ZERO));
        claim("f", "n", 1);
        assertEquals(1, (int) db.transaction(tx -> queue.discard(tx, "f")));
        assertEquals(2, db.transaction(queue::size));
    }

    @Test
    void purgeRemovesTheItemsOfTheGroupsUnderAPrefixClaimedOrNot() {
        enqueue(
                item("a", "f", Duration.ZERO),
                item("b", "f/1", Duration.ZERO),
                item("c", "g", Duration.ZERO),
                item("d", "f0", Duration.ZERO));
        claim("f", "n", 1);
        assertEquals(1, (int) db.transaction(tx -> queue.purge(tx, "f/")));
        assertEquals(2, (int) db.transaction(tx -> queue.purge(tx, "f")), "f and f0 (f/1 went already)");
        assertEquals(List.of("c"), claim("g", "n", 10));
    }

    @Test
    void claimsInOrderStopAtTheFirstItemThatIsNotClaimable() {
        enqueue(
                item("a", "m", Duration.ZERO),
                item("b", "m", Duration.ofSeconds(1)),
                item("c", "m", Duration.ofMinutes(5)));
        clock.advance(Duration.ofSeconds(1));
        Instant now = clock.instant();
        assertEquals(
                List.of("a"),
                ids(db.transaction(tx -> queue.claimInOrder(tx, "m", now, Lease.until("n", now.plus(LEASE)), 1))));
        assertEquals(
                List.of(),
                ids(db.transaction(tx -> queue.claimInOrder(tx, "m", now, Lease.until("n", now.plus(LEASE)), 10))),
                "a is in flight and holds back b");
        clock.advance(LEASE);
        Instant later = clock.instant();
        assertEquals(
                List.of("a", "b"),
                ids(db.transaction(tx -> queue.claimInOrder(tx, "m", later, Lease.until("n", later.plus(LEASE)), 10))),
                "a lapsed: it comes first again, and c is not due");
    }

    @Test
    void groupsWithWorkUnderAPrefix() {
        enqueue(
                item("a", "q/x", Duration.ZERO),
                item("b", "q/y", Duration.ofMinutes(1)),
                item("c", "q/z", Duration.ZERO),
                item("d", "r/x", Duration.ZERO),
                item("e", "q", Duration.ZERO));
        claim("q/z", "n", 1);
        assertEquals(List.of("q/x"), db.transaction(tx -> queue.groupsWithWork(tx, "q/", clock.instant())));
        assertEquals(List.of("q", "q/x"), db.transaction(tx -> queue.groupsWithWork(tx, "q", clock.instant())));
        assertEquals(
                Optional.of(clock.instant().plus(LEASE)),
                db.transaction(tx -> queue.nextDueAfter(tx, "q/", clock.instant())),
                "q/z's lease ends before q/y is due");
        assertEquals(Optional.empty(), db.transaction(tx -> queue.nextDueAfter(tx, "r/", clock.instant())));
    }

    @Test
    void renewMovesTheLeaseOfItsOwnerOnlyAndReplacesTheAttributes() {
        enqueue(item("a", "f", Duration.ZERO));
        claim("f", "first", 1);
        Instant later = clock.instant().plus(Duration.ofMinutes(5));
        assertFalse(renew("a", "someone-else", later, Map.of()));
        assertTrue(renew("a", "first", later, Map.of("receives", "1")));
        clock.advance(LEASE);
        assertEquals(List.of(), claim("f", "second", 1), "the renewed lease still holds");
        QueuedItem held = db.transaction(tx -> queue.inspect(tx, "a")).orElseThrow();
        assertEquals(Map.of("receives", "1"), held.item().attributes());
        assertEquals(later, held.lease().until());
        assertTrue(renew("a", "first", clock.instant(), Map.of()));
        assertEquals(List.of("a"), claim("f", "second", 1), "a lease renewed to now lapses at once");
        assertFalse(renew("a", "first", later, Map.of()), "claimed by another since");
        assertFalse(renew("gone", "first", later, Map.of()));
    }

    private boolean renew(String id, String owner, Instant until, Map<String, String> attributes) {
        return db.transaction(tx -> queue.renew(tx, id, owner, until, attributes));
    }

    @Test
    void theOldestDueItemIsTheLongestWaitingUnclaimedOne() {
        Instant start = clock.instant();
        assertEquals(Optional.empty(), db.transaction(tx -> queue.oldestDue(tx, clock.instant())));
        enqueue(
                item("a", "f", Duration.ZERO),
                item("b", "g", Duration.ofSeconds(5)),
                item("c", "f", Duration.ofHours(1)));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Optional.of(start), db.transaction(tx -> queue.oldestDue(tx, clock.instant())));
        claim("f", "n", 1); // a is running: it no longer waits
        assertEquals(Optional.of(start.plusSeconds(5)), db.transaction(tx -> queue.oldestDue(tx, clock.instant())));
        claim("g", "n", 1);
        assertEquals(Optional.empty(), db.transaction(tx -> queue.oldestDue(tx, clock.instant())), "c is not due");
    }

    @Test
    void countsOfTheGroupsUnderAPrefix() {
        enqueue(item("a", "f", Duration.ZERO), item("b", "f", Duration.ofMinutes(1)), item("c", "g", Duration.ZERO));
        claim("g", "n", 1);
        assertEquals(new QueueCounts(1, 1, 0), db.transaction(tx -> queue.counts(tx, "f", clock.instant())));
        assertEquals(new QueueCounts(0, 0, 1), db.transaction(tx -> queue.counts(tx, "g", clock.instant())));
        assertEquals(new QueueCounts(1, 1, 1), db.transaction(tx -> queue.counts(tx, "", clock.instant())));
    }

    @Test
    void countsSplitReadyDelayedAndClaimed() {
        enqueue(item("a", "f", Duration.ZERO), item("b", "f", Duration.ZERO), item("c", "f", Duration.ofMinutes(1)));
        claim("f", "n", 1);
        assertEquals(new QueueCounts(1, 1, 1), db.transaction(tx -> queue.counts(tx, clock.instant())));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(
                new QueueCounts(3, 0, 0), db.transaction(tx -> queue.counts(tx, clock.instant())), "the lease lapsed");
    }

    @Test
    void workEnqueuedInATransactionThatRollsBackIsNotThere() {
        assertThrows(
                IllegalStateException.class,
                () -> db.transaction(tx -> {
                    queue.enqueue(tx, item("a", "f", Duration.ZERO));
                    throw new IllegalStateException("the change that made the work failed");
                }));
        assertEquals(0, db.transaction(queue::size));
    }

    @Test
    void anIdIsEnqueuedOncePerQueueAndQueuesAreApart() {
        SqliteWorkQueue other = new SqliteWorkQueue(db, "other");
        enqueue(item("a", "f", Duration.ZERO));
        db.transaction(tx -> {
            assertFalse(queue.enqueue(tx, item("a", "g", Duration.ZERO)));
            assertTrue(other.enqueue(tx, item("a", "f", Duration.ZERO)));
            return null;
        });
        assertEquals(List.of("a"), claim("f", "n", 5));
        assertEquals(1, db.transaction(other::size));
        assertEquals(List.of("f"), db.transaction(tx -> other.groupsWithWork(tx, clock.instant())));
    }

    @Test
    void claimsAreOneRangeOfTheIndexWithoutASort() throws Exception {
        String plan = db.withConnection(c -> {
            StringBuilder out = new StringBuilder();
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN SELECT id FROM work_queue_jobs"
                    + " WHERE grp = ?1 AND claimable_at <= ?2 ORDER BY claimable_at, rowid LIMIT ?3")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.append(rs.getString("detail")).append('\n');
                    }
                }
            }
            return out.toString();
        });
        assertTrue(plan.contains("USING INDEX work_queue_jobs_claimable (grp=? AND claimable_at<?)"), plan);
        assertFalse(plan.contains("TEMP B-TREE"), plan);
    }

    @Test
    void concurrentClaimantsNeverTakeTheSameItem() throws Exception {
        for (int i = 0; i < 200; i++) {
            enqueue(item("i" + i, "f", Duration.ZERO));
        }
        List<Future<List<String>>> claims = new ArrayList<>();
        try (ExecutorService claimants = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                String owner = "owner-" + i;
                claims.add(claimants.submit(() -> claim("f", owner, 7)));
            }
        }
        Set<String> seen = new HashSet<>();
        for (Future<List<String>> f : claims) {
            for (String id : f.get()) {
                assertTrue(seen.add(id), id + " was claimed twice");
            }
        }
        assertEquals(200, seen.size());
    }
}
