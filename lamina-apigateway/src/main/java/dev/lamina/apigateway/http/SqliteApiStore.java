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

/** HTTP APIs in the node's SQLite database, one row each holding the API as a JSON document. */
public final class SqliteApiStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;

    public SqliteApiStore(Database db) throws SQLException {
        this.db = db;
        db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS apigateway_apis (api_id TEXT PRIMARY KEY, doc TEXT NOT NULL)");
            }
            return null;
        });
    }

    public void put(Transaction tx, HttpApi api) {
        try (PreparedStatement ps =
                tx.on(db).connection().prepareStatement("REPLACE INTO apigateway_apis (api_id, doc) VALUES (?, ?)")) {
            ps.setString(1, api.apiId());
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
                tx.on(db).connection().prepareStatement("DELETE FROM apigateway_apis WHERE api_id = ?")) {
            ps.setString(1, apiId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** Every API, ordered by id. */
    public List<HttpApi> all(Transaction tx) {
        try (PreparedStatement ps =
                        tx.on(db).connection().prepareStatement("SELECT doc FROM apigateway_apis ORDER BY api_id");
                ResultSet rs = ps.executeQuery()) {
            List<HttpApi> out = new ArrayList<>();
            while (rs.next()) {
                out.add(JSON.readValue(rs.getString(1), HttpApi.class));
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
