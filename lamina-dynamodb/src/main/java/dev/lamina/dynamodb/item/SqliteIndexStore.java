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

/**
 * Index rows in the node's SQLite database, table {@code dynamodb_index_items}, keyed by table, index,
 * index hash bytes, index range bytes and the item's table key ({@code WITHOUT ROWID}), so an index
 * Query is one range of the primary key, as a table's is in {@link SqliteItemStore}.
 */
public final class SqliteIndexStore implements IndexStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "tbl = ? AND idx = ? AND ipk = ? AND isk = ? AND pk = ? AND sk = ?";

    private final Transactions db;

    /** Opens the store in {@code db}, creating its table on first use. */
    public SqliteIndexStore(Transactions db) {
        this.db = db;
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS dynamodb_index_items (tbl TEXT NOT NULL,"
                        + " idx TEXT NOT NULL, ipk BLOB NOT NULL, isk BLOB NOT NULL, pk BLOB NOT NULL,"
                        + " sk BLOB NOT NULL, item TEXT NOT NULL, size INTEGER NOT NULL,"
                        + " PRIMARY KEY (tbl, idx, ipk, isk, pk, sk)) WITHOUT ROWID");
            }
            return null;
        });
    }

    @Override
    public void put(
            Transaction tx, String table, String index, Position at, Map<String, AttributeValue> projected, int size) {
        run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO dynamodb_index_items(tbl, idx, ipk,"
                    + " isk, pk, sk, item, size) VALUES(?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(ps, table, index, at);
                ps.setString(7, JSON.writeValueAsString(AttributeDocuments.document(projected)));
                ps.setInt(8, size);
                return ps.executeUpdate();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public void delete(Transaction tx, String table, String index, Position at) {
        run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dynamodb_index_items WHERE " + KEY)) {
                bind(ps, table, index, at);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public ItemStore.Stats stats(Transaction tx, String table, String index) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(size), 0) FROM"
                    + " dynamodb_index_items WHERE tbl = ? AND idx = ?")) {
                ps.setString(1, table);
                ps.setString(2, index);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new ItemStore.Stats(rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }

    @Override
    public void deleteAll(Transaction tx, String table) {
        run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dynamodb_index_items WHERE tbl = ?")) {
                ps.setString(1, table);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void query(
            Transaction tx,
            String table,
            String index,
            byte[] hash,
            KeyRange range,
            boolean forward,
            Position after,
            ItemStore.Visitor visitor) {
        StringBuilder sql = new StringBuilder(
                "SELECT pk, sk, item, size FROM dynamodb_index_items WHERE tbl = ? AND idx = ? AND ipk = ?");
        List<byte[]> args = new ArrayList<>();
        args.add(hash);
        if (range.low() != null) {
            sql.append(range.lowInclusive() ? " AND isk >= ?" : " AND isk > ?");
            args.add(range.low());
        }
        if (range.high() != null) {
            sql.append(range.highInclusive() ? " AND isk <= ?" : " AND isk < ?");
            args.add(range.high());
        }
        if (after != null) {
            sql.append(forward ? " AND (isk, pk, sk) > (?, ?, ?)" : " AND (isk, pk, sk) < (?, ?, ?)");
            args.add(after.range());
            args.add(after.item().hash());
            args.add(after.item().range());
        }
        sql.append(forward ? " ORDER BY isk, pk, sk" : " ORDER BY isk DESC, pk DESC, sk DESC");
        select(tx, sql.toString(), table, index, args, visitor);
    }

    @Override
    public void scan(Transaction tx, String table, String index, Position after, ItemStore.Visitor visitor) {
        List<byte[]> args = new ArrayList<>();
        if (after != null) {
            args.add(after.hash());
            args.add(after.range());
            args.add(after.item().hash());
            args.add(after.item().range());
        }
        select(
                tx,
                "SELECT pk, sk, item, size FROM dynamodb_index_items WHERE tbl = ? AND idx = ?"
                        + (after == null ? "" : " AND (ipk, isk, pk, sk) > (?, ?, ?, ?)")
                        + " ORDER BY ipk, isk, pk, sk",
                table,
                index,
                args,
                visitor);
    }

    private void select(
            Transaction tx, String sql, String table, String index, List<byte[]> args, ItemStore.Visitor visitor) {
        run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, table);
                ps.setString(2, index);
                for (int i = 0; i < args.size(); i++) {
                    ps.setBytes(3 + i, args.get(i));
                }
                return SqliteItemStore.visit(ps, visitor);
            }
        });
    }

    private static void bind(PreparedStatement ps, String table, String index, Position at) throws SQLException {
        ps.setString(1, table);
        ps.setString(2, index);
        ps.setBytes(3, at.hash());
        ps.setBytes(4, at.range());
        ps.setBytes(5, at.item().hash());
        ps.setBytes(6, at.item().range());
    }

    private <T> T run(Transaction tx, Database.SqlWork<T> work) {
        try {
            return work.run(tx.on(db).connection());
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }
}
