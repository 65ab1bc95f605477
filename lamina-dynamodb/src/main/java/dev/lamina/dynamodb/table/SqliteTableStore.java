package dev.lamina.dynamodb.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tables in the node's SQLite database, table {@code dynamodb_tables}: one row a table, its description
 * (what {@link TableDefinitions#create} made) as a JSON object. Every item request looks its table up,
 * so the tables found are also kept in memory (a table does not change while it lives); a create or
 * delete updates that copy once it commits. Only this store writes the rows, on one node.
 */
public final class SqliteTableStore implements TableStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transactions db;
    private final Map<String, Table> known = new ConcurrentHashMap<>();
    /**
     * Bumped (under this lock) each time a committed create or delete changes {@link #known}: a find
     * that read from a snapshot older than such a change must not put what it read back.
     */
    private final Object changes = new Object();

    private long generation;

    /** Opens the store in {@code db}, creating its table on first use. */
    public SqliteTableStore(Transactions db) {
        this.db = db;
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS dynamodb_tables (name TEXT PRIMARY KEY,"
                        + " description TEXT NOT NULL)");
            }
            return null;
        });
    }

    @Override
    public boolean create(Transaction tx, Table table) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dynamodb_tables(name, description) VALUES(?, ?) ON CONFLICT(name) DO NOTHING")) {
                ps.setString(1, table.name());
                ps.setString(2, JSON.writeValueAsString(table.description()));
                boolean created = ps.executeUpdate() == 1;
                if (created) {
                    tx.afterCommit(() -> changed(() -> known.put(table.name(), table)));
                }
                return created;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public Optional<Table> find(Transaction tx, String name) {
        Table cached = known.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        long seen;
        synchronized (changes) {
            seen = generation; // before the read: a change committed after it bumps the generation
        }
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT description FROM dynamodb_tables WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    try {
                        Table table = TableDefinitions.load((ObjectNode) JSON.readTree(rs.getString(1)));
                        synchronized (changes) {
                            if (generation == seen) {
                                known.put(name, table);
                            }
                        }
                        return Optional.of(table);
                    } catch (JsonProcessingException e) {
                        throw new SQLException("table " + name + "'s stored description is damaged", e);
                    }
                }
            }
        });
    }

    @Override
    public boolean delete(Transaction tx, String name) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dynamodb_tables WHERE name = ?")) {
                ps.setString(1, name);
                // gone from memory at once (a rollback only costs a read), and again after the commit, in
                // case a find in between put it back
                known.remove(name);
                tx.afterCommit(() -> changed(() -> known.remove(name)));
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<String> names(Transaction tx, String after, int limit) {
        return run(tx, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT name FROM dynamodb_tables WHERE name > ? ORDER BY name LIMIT ?")) {
                ps.setString(1, after == null ? "" : after);
                ps.setInt(2, limit);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    private void changed(Runnable change) {
        synchronized (changes) {
            change.run();
            generation++;
        }
    }

    private <T> T run(Transaction tx, Database.SqlWork<T> work) {
        try {
            return work.run(tx.on(db).connection());
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }
}
