package dev.lamina.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
