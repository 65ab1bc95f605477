package dev.lamina.lambda.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What the SQLite stores share: values kept as JSON documents, queries, and their one failure type. */
final class Documents {
    private Documents() {}

    /** Runs {@code work} on the database; a failed statement is a {@link SqliteFunctionStore.StoreException}. */
    static <T> T run(Database db, Database.SqlWork<T> work) {
        try {
            return db.withConnection(work);
        } catch (SQLException e) {
            throw new SqliteFunctionStore.StoreException(e);
        }
    }

    /** Runs {@code work} as one transaction: all of it is stored, or none. */
    static <T> T transaction(Database db, Database.SqlWork<T> work) {
        try {
            return db.transaction(tx -> work.run(tx.connection()));
        } catch (StorageException e) {
            throw new SqliteFunctionStore.StoreException(e.getCause());
        }
    }

    /** The documents (first column) that {@code sql} selects with {@code params}, read as {@code type}. */
    static <T> List<T> query(Database db, ObjectMapper json, Class<T> type, String sql, Object... params) {
        List<String> docs = run(db, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
        List<T> values = new ArrayList<>(docs.size());
        for (String doc : docs) {
            try {
                values.add(json.readValue(doc, type));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return values;
    }

    static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
