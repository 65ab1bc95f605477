package dev.lamina.dynamodb.item;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.dynamodb.attribute.AttributeDocuments;
import dev.lamina.dynamodb.attribute.AttributeValue;
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

/**
 * Items in the node's SQLite database, table {@code dynamodb_items}: keyed by table, hash bytes and
 * range bytes (a {@code WITHOUT ROWID} primary key, so a partition's items lie together in range
 * order and a query is one range of it), each item in DynamoDB's JSON with its size.
 */
public final class SqliteItemStore implements ItemStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "pk, sk, item, size";

    private final Transactions db;

    /** Opens the store in {@code db}, creating its table on first use. */
    public SqliteItemStore(Transactions db) {
        this.db = db;
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS dynamodb_items (tbl TEXT NOT NULL, pk BLOB NOT NULL,"
                        + " sk BLOB NOT NULL, item TEXT NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (tbl, pk, sk))"
                        + " WITHOUT ROWID");
            }
            return null;
        });
    }

    @Override
    public Optional<Map<String, AttributeValue>> get(Transaction tx, String table, ItemKey key) {
        return run(tx, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT item FROM dynamodb_items WHERE tbl = ? AND pk = ? AND sk = ?")) {
                ps.setString(1, table);
                ps.setBytes(2, key.hash());
                ps.setBytes(3, key.range());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(item(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void put(Transaction tx, String table, ItemKey key, Map<String, AttributeValue> item, int size) {
        run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO dynamodb_items(tbl, " + COLUMNS + ") VALUES(?, ?, ?, ?, ?)")) {
                ps.setString(1, table);
                ps.setBytes(2, key.hash());
                ps.setBytes(3, key.range());
                ps.setString(4, JSON.writeValueAsString(AttributeDocuments.document(item)));
                ps.setInt(5, size);
                return ps.executeUpdate();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public void delete(Transaction tx, String table, ItemKey key) {
        run(tx, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM dynamodb_items WHERE tbl = ? AND pk = ? AND sk = ?")) {
                ps.setString(1, table);
                ps.setBytes(2, key.hash());
                ps.setBytes(3, key.range());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void deleteAll(Transaction tx, String table) {
        run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dynamodb_items WHERE tbl = ?")) {
                ps.setString(1, table);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void query(Transaction tx, String table, byte[] hash, KeyRange range, boolean forward, Visitor visitor) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM dynamodb_items WHERE tbl = ? AND pk = ?");
        List<byte[]> bounds = new ArrayList<>();
        if (range.low() != null) {
            sql.append(range.lowInclusive() ? " AND sk >= ?" : " AND sk > ?");
            bounds.add(range.low());
        }
        if (range.high() != null) {
            sql.append(range.highInclusive() ? " AND sk <= ?" : " AND sk < ?");
            bounds.add(range.high());
        }
        sql.append(forward ? " ORDER BY sk" : " ORDER BY sk DESC");
        run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setString(1, table);
                ps.setBytes(2, hash);
                for (int i = 0; i < bounds.size(); i++) {
                    ps.setBytes(3 + i, bounds.get(i));
                }
                return visit(ps, visitor);
            }
        });
    }

    @Override
    public void scan(Transaction tx, String table, ItemKey after, Visitor visitor) {
        run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dynamodb_items WHERE tbl = ?"
                    + (after == null ? "" : " AND (pk, sk) > (?, ?)") + " ORDER BY pk, sk")) {
                ps.setString(1, table);
                if (after != null) {
                    ps.setBytes(2, after.hash());
                    ps.setBytes(3, after.range());
                }
                return visit(ps, visitor);
            }
        });
    }

    @Override
    public Stats stats(Transaction tx, String table) {
        return run(tx, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT count(*), coalesce(sum(size), 0) FROM dynamodb_items WHERE tbl = ?")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Stats(rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }

    /** Reads rows of (pk, sk, item, size) into {@code visitor} until it says stop. */
    static int visit(PreparedStatement ps, Visitor visitor) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (!visitor.visit(new ItemKey(bytes(rs, 1), bytes(rs, 2)), item(rs.getString(3)), rs.getInt(4))) {
                    break;
                }
            }
        }
        return 0;
    }

    /** A BLOB column; the driver reads an empty one as {@code null}. */
    private static byte[] bytes(ResultSet rs, int column) throws SQLException {
        byte[] bytes = rs.getBytes(column);
        return bytes == null ? new byte[0] : bytes;
    }

    private static Map<String, AttributeValue> item(String json) throws SQLException {
        try {
            return AttributeDocuments.item(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored item is damaged", e);
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
