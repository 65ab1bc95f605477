package dev.lamina.apigateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import dev.lamina.storage.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * APIs in the node's SQLite database, one row each holding the API as a JSON document: HTTP APIs in
 * {@code apigateway_apis}, REST APIs in {@code apigateway_restapis}.
 *
 * @param <T> the API's record type, written and read by Jackson
 */
public final class SqliteApiStore<T> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final String table;
    private final Class<T> type;
    private final Function<T, String> idOf;

    /** The store of HTTP APIs. */
    public static SqliteApiStore<HttpApi> httpApis(Database db) throws SQLException {
        return new SqliteApiStore<>(db, "apigateway_apis", HttpApi.class, HttpApi::apiId);
    }

    /** A store of {@code type} in {@code table} (made when missing), each row keyed by {@code idOf}. */
    public SqliteApiStore(Database db, String table, Class<T> type, Function<T, String> idOf) throws SQLException {
        this.db = db;
        this.table = table;
        this.type = type;
        this.idOf = idOf;
        db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS " + table + " (api_id TEXT PRIMARY KEY, doc TEXT NOT NULL)");
            }
            return null;
        });
    }

    public void put(Transaction tx, T api) {
        try (PreparedStatement ps =
                tx.on(db).connection().prepareStatement("REPLACE INTO " + table + " (api_id, doc) VALUES (?, ?)")) {
            ps.setString(1, idOf.apply(api));
            ps.setString(2, JSON.writeValueAsString(api));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether there was an API {@code apiId} to delete. */
    public boolean delete(Transaction tx, String apiId) {
        try (PreparedStatement ps =
                tx.on(db).connection().prepareStatement("DELETE FROM " + table + " WHERE api_id = ?")) {
            ps.setString(1, apiId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** Every API, ordered by id. */
    public List<T> all(Transaction tx) {
        try (PreparedStatement ps =
                        tx.on(db).connection().prepareStatement("SELECT doc FROM " + table + " ORDER BY api_id");
                ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(JSON.readValue(rs.getString(1), type));
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
