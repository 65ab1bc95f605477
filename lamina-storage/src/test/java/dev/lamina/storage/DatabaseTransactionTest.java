package dev.lamina.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Units of work on a real SQLite file: all or nothing, no nesting, actions after the commit. */
class DatabaseTransactionTest {
    @TempDir
    Path dir;

    private Database db;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("test.db"));
        db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("CREATE TABLE t (k TEXT PRIMARY KEY)");
            }
        });
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private static void insert(Transaction tx, String key) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO t(k) VALUES(?)")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    private List<String> keys() throws SQLException {
        return db.withConnection(c -> {
            List<String> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT k FROM t ORDER BY k")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Test
    void aUnitOfWorkCommitsEveryRowTogether() throws Exception {
        String result = db.transaction(tx -> {
            insert(tx, "a");
            insert(tx, "b");
            return "done";
        });
        assertEquals("done", result);
        assertEquals(List.of("a", "b"), keys());
    }

    @Test
    void anExceptionRollsEverythingBackAndReachesTheCaller() throws Exception {
        IllegalStateException thrown = new IllegalStateException("the service refused");
        assertSame(
                thrown,
                assertThrows(
                        IllegalStateException.class,
                        () -> db.transaction(tx -> {
                            insert(tx, "a");
                            throw thrown;
                        })));
        assertEquals(List.of(), keys());
    }

    @Test
    void aFailedStatementRollsBackAsAStorageException() throws Exception {
        StorageException failed = assertThrows(
                StorageException.class,
                () -> db.transaction(tx -> {
                    insert(tx, "a");
                    insert(tx, "a"); // the primary key refuses it
                    return null;
                }));
        assertTrue(failed.getCause().getMessage().contains("UNIQUE"), failed.getMessage());
        assertEquals(List.of(), keys());
        db.transaction(tx -> {
            insert(tx, "b");
            return null;
        });
        assertEquals(List.of("b"), keys(), "the connection is usable after a rollback");
    }

    @Test
    void transactionsDoNotNest() throws Exception {
        assertThrows(
                IllegalStateException.class,
                () -> db.transaction(tx -> {
                    insert(tx, "a");
                    return db.transaction(inner -> null);
                }));
        assertThrows(IllegalStateException.class, () -> db.transaction(tx -> db.withConnection(c -> null)));
        assertEquals(List.of(), keys(), "the outer work failed, so nothing of it stays");
    }

    @Test
    void afterCommitActionsRunOnceCommittedAndNeverOnRollback() throws Exception {
        List<String> seen = new ArrayList<>();
        db.transaction(tx -> {
            insert(tx, "a");
            tx.afterCommit(() -> {
                try {
                    seen.add("after commit, rows " + keys()); // the store is free again
                } catch (SQLException e) {
                    throw new StorageException(e);
                }
            });
            seen.add("in work");
            return null;
        });
        assertEquals(List.of("in work", "after commit, rows [a]"), seen);
        assertThrows(
                IllegalStateException.class,
                () -> db.transaction(tx -> {
                    tx.afterCommit(() -> seen.add("never"));
                    throw new IllegalStateException("rolled back");
                }));
        assertEquals(2, seen.size());
    }

    @Test
    void transactionsAskedForWhileAnotherRunsCommitTogetherAndEachGetsItsOwnOutcome() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofVirtual()
                .start(() -> db.transaction(tx -> {
                    insert(tx, "a");
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return null;
                }));
        holding.await();
        long before = db.commits();
        IllegalStateException refused = new IllegalStateException("refused");
        AtomicReference<Throwable> secondFailed = new AtomicReference<>();
        List<String> afterCommit = new CopyOnWriteArrayList<>();
        List<Thread> callers = List.of(
                Thread.ofVirtual()
                        .start(() -> db.transaction(tx -> {
                            insert(tx, "b");
                            return null;
                        })),
                Thread.ofVirtual().start(() -> {
                    try {
                        db.transaction(tx -> {
                            insert(tx, "c");
                            throw refused;
                        });
                    } catch (Throwable e) {
                        secondFailed.set(e);
                    }
                }),
                Thread.ofVirtual()
                        .start(() -> db.transaction(tx -> {
                            insert(tx, "d");
                            Thread caller = Thread.currentThread();
                            tx.afterCommit(() -> afterCommit.add("d"));
                            return caller;
                        })));
        while (db.waiting() < callers.size()) { // all three wait behind the first
            Thread.onSpinWait();
        }
        release.countDown();
        first.join();
        for (Thread caller : callers) {
            caller.join();
        }
        assertEquals(List.of("a", "b", "d"), keys(), "the failed unit rolled back alone");
        assertSame(refused, secondFailed.get());
        assertEquals(List.of("d"), afterCommit);
        assertEquals(before + 2, db.commits(), "the first unit's commit, then one the three waiting units shared");
    }

    @Test
    void theWriteAheadLogIsCopiedBackOffTheCommitPathAndEmptiedOnClose() throws Exception {
        Database other = new Database(dir.resolve("log.db"));
        other.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("CREATE TABLE t (k TEXT PRIMARY KEY)");
            }
        });
        for (int i = 0; i < Checkpointer.EVERY + 10; i++) {
            String key = "k" + i;
            other.transaction(tx -> {
                insert(tx, key);
                return null;
            });
        }
        other.close();
        Path log = dir.resolve("log.db-wal");
        assertTrue(!Files.exists(log) || Files.size(log) == 0, "the log was truncated on close");
        try (Database reopened = new Database(dir.resolve("log.db"))) {
            int rows = reopened.withConnection(c -> {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(Checkpointer.EVERY + 10, rows);
        }
    }

    private static List<String> select(Transaction tx) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = tx.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT k FROM t ORDER BY k")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void aReadSeesWhatWasCommittedBeforeItAndCannotWrite() throws Exception {
        db.transaction(tx -> {
            insert(tx, "a");
            return null;
        });
        assertEquals(List.of("a"), db.read(DatabaseTransactionTest::select));
        StorageException refused = assertThrows(
                StorageException.class,
                () -> db.read(tx -> {
                    insert(tx, "b");
                    return null;
                }));
        assertTrue(refused.getMessage().contains("readonly"), refused.getMessage());
        assertEquals(List.of("a"), keys());
        assertEquals(List.of("a"), db.read(DatabaseTransactionTest::select), "a reader after a failed one works");
    }

    @Test
    void aReadKeepsItsSnapshotWhileAWriterCommitsBesideIt() throws Exception {
        db.transaction(tx -> {
            insert(tx, "a");
            return null;
        });
        List<List<String>> seen = db.read(tx -> {
            List<String> before = select(tx);
            Thread writer = Thread.ofVirtual()
                    .start(() -> db.transaction(other -> {
                        insert(other, "b");
                        return null;
                    }));
            try {
                writer.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return List.of(before, select(tx));
        });
        assertEquals(List.of(List.of("a"), List.of("a")), seen);
        assertEquals(List.of("a", "b"), db.read(DatabaseTransactionTest::select));
    }

    @Test
    void readsAndTransactionsDoNotNest() throws Exception {
        assertThrows(IllegalStateException.class, () -> db.transaction(tx -> db.read(r -> null)));
        assertThrows(IllegalStateException.class, () -> db.read(r -> db.read(again -> null)));
        assertEquals(List.of(), db.read(DatabaseTransactionTest::select));
    }

    @Test
    void aTransactionCannotBeUsedOnceItsWorkReturned() {
        AtomicReference<Transaction> escaped = new AtomicReference<>();
        db.transaction(tx -> {
            escaped.set(tx);
            return null;
        });
        assertThrows(IllegalStateException.class, () -> escaped.get().connection());
    }

    @Test
    void aTransactionIsCheckedToBelongToTheStoreItIsHandedTo() throws Exception {
        try (Database other = new Database(dir.resolve("other.db"))) {
            db.transaction(tx -> {
                assertSame(tx, tx.on(db));
                assertThrows(IllegalArgumentException.class, () -> tx.on(other));
                return null;
            });
        }
    }
}
