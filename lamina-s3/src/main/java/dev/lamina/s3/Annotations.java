package dev.lamina.s3;

import dev.lamina.storage.Transaction;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is kept beside buckets and objects: an object's tags (gone with the object, replaced with it)
 * and a bucket's policy (stored and returned as given; this node does not enforce it). Runs in the
 * caller's transaction.
 */
final class Annotations {
    private Annotations() {}

    static void createTables(Statement st) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS s3_object_tags (bucket TEXT NOT NULL, key TEXT NOT NULL,"
                + " tags TEXT NOT NULL, PRIMARY KEY (bucket, key)) WITHOUT ROWID");
        st.execute("CREATE TABLE IF NOT EXISTS s3_bucket_policies (bucket TEXT PRIMARY KEY, policy TEXT NOT NULL)");
    }

    /** An object's tags in the order given, empty when it has none. */
    static Map<String, String> tags(Transaction tx, String bucket, String key) throws SQLException {
        try (PreparedStatement st =
                tx.connection().prepareStatement("SELECT tags FROM s3_object_tags WHERE bucket = ? AND key = ?")) {
            st.setString(1, bucket);
            st.setString(2, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new LinkedHashMap<>(Catalog.headers(rs.getString(1))) : Map.of();
            }
        }
    }

    /** Sets an object's tags; none removes them. */
    static void setTags(Transaction tx, String bucket, String key, Map<String, String> tags) throws SQLException {
        Catalog.update(tx.connection(), "DELETE FROM s3_object_tags WHERE bucket = ? AND key = ?", bucket, key);
        if (!tags.isEmpty()) {
            Catalog.update(
                    tx.connection(),
                    "INSERT INTO s3_object_tags (bucket, key, tags) VALUES (?, ?, ?)",
                    bucket,
                    key,
                    Catalog.json(tags));
        }
    }

    /** A bucket's policy, or {@code null}. */
    static String policy(Transaction tx, String bucket) throws SQLException {
        try (PreparedStatement st =
                tx.connection().prepareStatement("SELECT policy FROM s3_bucket_policies WHERE bucket = ?")) {
            st.setString(1, bucket);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Sets a bucket's policy; {@code null} removes it. */
    static void setPolicy(Transaction tx, String bucket, String policy) throws SQLException {
        Catalog.update(tx.connection(), "DELETE FROM s3_bucket_policies WHERE bucket = ?", bucket);
        if (policy != null) {
            Catalog.update(
                    tx.connection(), "INSERT INTO s3_bucket_policies (bucket, policy) VALUES (?, ?)", bucket, policy);
        }
    }
}
