package dev.lamina.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * S3's rows in the node's database: buckets, objects (each naming its content's blob), and the blobs
 * that a change may have left without an object, to be checked and removed after it commits. Every
 * method runs in the caller's transaction, so an object's row, the blob it replaced and what follows
 * the change ({@link ObjectChanges}) commit together. Keys compare as SQLite's BINARY collation does,
 * byte by byte in UTF-8: the order S3 lists them in.
 */
final class Catalog {
    private final AtomicBoolean noted = new AtomicBoolean(true);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};
    private static final String OBJECT_COLUMNS = "bucket, key, blob, size, etag, modified_ms, headers, version";

    /** Creates the tables when they are not there yet. */
    Catalog(Transactions db) {
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS s3_buckets (name TEXT PRIMARY KEY, created_ms INTEGER NOT NULL,"
                        + " region TEXT NOT NULL, versioning TEXT NOT NULL DEFAULT '')");
                st.execute("CREATE TABLE IF NOT EXISTS s3_objects (bucket TEXT NOT NULL, key TEXT NOT NULL,"
                        + " blob TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL, modified_ms INTEGER NOT NULL,"
                        + " headers TEXT NOT NULL, version TEXT NOT NULL DEFAULT 'null', PRIMARY KEY (bucket, key))"
                        + " WITHOUT ROWID");
                st.execute("CREATE INDEX IF NOT EXISTS s3_objects_blob ON s3_objects (blob)");
                st.execute("CREATE TABLE IF NOT EXISTS s3_unreferenced (blob TEXT PRIMARY KEY)");
                ObjectBlobs.createTables(st);
                Multipart.createTables(st);
                Annotations.createTables(st);
                Versions.createTables(st);
            }
            return null;
        });
    }

    boolean createBucket(Transaction tx, Bucket bucket) throws SQLException {
        try (PreparedStatement st = tx.connection()
                .prepareStatement("INSERT OR IGNORE INTO s3_buckets (name, created_ms, region) VALUES (?, ?, ?)")) {
            st.setString(1, bucket.name());
            st.setLong(2, bucket.created().toEpochMilli());
            st.setString(3, bucket.region());
            return st.executeUpdate() == 1;
        }
    }

    Bucket bucket(Transaction tx, String name) throws SQLException {
        try (PreparedStatement st = tx.connection()
                .prepareStatement("SELECT name, created_ms, region, versioning FROM s3_buckets WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? bucket(rs) : null;
            }
        }
    }

    List<Bucket> buckets(Transaction tx) throws SQLException {
        List<Bucket> out = new ArrayList<>();
        try (PreparedStatement st = tx.connection()
                        .prepareStatement("SELECT name, created_ms, region, versioning FROM s3_buckets ORDER BY name");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(bucket(rs));
            }
        }
        return out;
    }

    private static Bucket bucket(ResultSet rs) throws SQLException {
        return new Bucket(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4));
    }

    void setVersioning(Transaction tx, String bucket, String status) throws SQLException {
        update(tx.connection(), "UPDATE s3_buckets SET versioning = ? WHERE name = ?", status, bucket);
    }

    void deleteBucket(Transaction tx, String name) throws SQLException {
        update(tx.connection(), "DELETE FROM s3_buckets WHERE name = ?", name);
        Annotations.setPolicy(tx, name, null);
    }

    boolean hasObjects(Transaction tx, String bucket) throws SQLException {
        try (PreparedStatement st =
                tx.connection().prepareStatement("SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1")) {
            st.setString(1, bucket);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() || Versions.hasVersions(tx, bucket);
            }
        }
    }

    StoredObject object(Transaction tx, String bucket, String key) throws SQLException {
        try (PreparedStatement st = tx.connection()
                .prepareStatement("SELECT " + OBJECT_COLUMNS + " FROM s3_objects WHERE bucket = ? AND key = ?")) {
            st.setString(1, bucket);
            st.setString(2, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? object(rs) : null;
            }
        }
    }

    /**
     * Writes {@code object} in place of any object of its key, with {@code tags} in place of its tags;
     * the one it replaced is returned.
     */
    StoredObject put(Transaction tx, StoredObject object, Map<String, String> tags) throws SQLException {
        Annotations.setTags(tx, object.bucket(), object.key(), tags);
        StoredObject before = object(tx, object.bucket(), object.key());
        try (PreparedStatement st = tx.connection()
                .prepareStatement(
                        "INSERT OR REPLACE INTO s3_objects (" + OBJECT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, object.bucket());
            st.setString(2, object.key());
            st.setString(3, object.blob());
            st.setLong(4, object.size());
            st.setString(5, object.etag());
            st.setLong(6, object.lastModified().toEpochMilli());
            st.setString(7, json(object.headers()));
            st.setString(8, object.version());
            st.executeUpdate();
        }
        return before;
    }

    /** Removes an object; returns it, or {@code null} when there was none. */
    StoredObject delete(Transaction tx, String bucket, String key) throws SQLException {
        StoredObject before = object(tx, bucket, key);
        if (before != null) {
            Annotations.setTags(tx, bucket, key, Map.of());
            try (PreparedStatement st =
                    tx.connection().prepareStatement("DELETE FROM s3_objects WHERE bucket = ? AND key = ?")) {
                st.setString(1, bucket);
                st.setString(2, key);
                st.executeUpdate();
            }
        }
        return before;
    }

    /**
     * Up to {@code limit} objects of {@code bucket} whose keys come after {@code after} (all when it is
     * {@code ""}) and start with {@code prefix}, in key order.
     */
    List<StoredObject> list(Transaction tx, String bucket, String prefix, String after, int limit) throws SQLException {
        List<StoredObject> out = new ArrayList<>();
        try (PreparedStatement st = tx.connection()
                .prepareStatement("SELECT " + OBJECT_COLUMNS
                        + " FROM s3_objects WHERE bucket = ? AND key > ? AND key >= ? ORDER BY key LIMIT ?")) {
            st.setString(1, bucket);
            st.setString(2, after);
            st.setString(3, prefix);
            st.setInt(4, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    StoredObject object = object(rs);
                    if (!object.key().startsWith(prefix)) {
                        break; // keys with the prefix are contiguous: the rest come after it
                    }
                    out.add(object);
                }
            }
        }
        return out;
    }

    /** Notes that {@code blob} may have lost its last object, for {@link #unreferenced} to find. */
    void mayBeUnreferenced(Transaction tx, String blob) throws SQLException {
        update(tx.connection(), "INSERT OR IGNORE INTO s3_unreferenced (blob) VALUES (?)", blob);
        noted.set(true);
    }

    /**
     * Whether a blob may have been noted since the last call (and at the first, for what a stopped
     * node left): a sweep with nothing to look at skips its transaction. The flag is set inside the
     * noting transaction, so a sweep that reads it clear runs before that transaction commits and
     * the change's own sweep, which follows its commit, finds the note.
     */
    boolean takeNoted() {
        return noted.getAndSet(false);
    }

    /** For a sweep that failed: its notes are still there for the next. */
    void keepNoted() {
        noted.set(true);
    }

    /** Blobs noted by {@link #mayBeUnreferenced}. */
    List<String> candidates(Transaction tx) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement st = tx.connection().prepareStatement("SELECT blob FROM s3_unreferenced");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Whether any object or upload part still names {@code blob}. */
    boolean referenced(Transaction tx, String blob) throws SQLException {
        try (PreparedStatement st =
                tx.connection().prepareStatement("SELECT 1 FROM s3_objects WHERE blob = ? LIMIT 1")) {
            st.setString(1, blob);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return Multipart.referenced(tx, blob) || Versions.referenced(tx, blob);
    }

    void forget(Transaction tx, String blob) throws SQLException {
        update(tx.connection(), "DELETE FROM s3_unreferenced WHERE blob = ?", blob);
    }

    /** The object of a row whose first columns are {@link #OBJECT_COLUMNS}, in that order. */
    static StoredObject object(ResultSet rs) throws SQLException {
        return new StoredObject(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)),
                headers(rs.getString(7)),
                rs.getString(8));
    }

    static void update(Connection connection, String sql, String... args) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setString(i + 1, args[i]);
            }
            st.executeUpdate();
        }
    }

    static String json(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> headers(String json) throws SQLException {
        try {
            return JSON.readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new SQLException("an object's headers are not JSON", e);
        }
    }
}
