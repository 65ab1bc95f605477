package dev.lamina.s3;

import dev.lamina.storage.Transaction;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The versions of a versioned bucket's keys that are not current: objects a newer write or delete
 * displaced, and delete markers. The current object stays in the objects table (so listing and
 * reading the latest are as in an unversioned bucket); a key whose latest version is a delete marker
 * has no current object. Each version has a sequence number, higher for newer, so a key's versions
 * order without comparing times. Runs in the caller's transaction.
 */
final class Versions {
    private Versions() {}

    /**
     * A version that is not current.
     *
     * @param object the object, or for a delete marker one with no blob ({@code ""}), size 0
     */
    record Version(StoredObject object, boolean deleteMarker, long seq) {}

    static void createTables(Statement st) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS s3_versions (bucket TEXT NOT NULL, key TEXT NOT NULL,"
                + " version TEXT NOT NULL, seq INTEGER NOT NULL, marker INTEGER NOT NULL, blob TEXT NOT NULL,"
                + " size INTEGER NOT NULL, etag TEXT NOT NULL, modified_ms INTEGER NOT NULL, headers TEXT NOT NULL,"
                + " PRIMARY KEY (bucket, key, version)) WITHOUT ROWID");
        st.execute("CREATE INDEX IF NOT EXISTS s3_versions_seq ON s3_versions (bucket, key, seq)");
        st.execute("CREATE INDEX IF NOT EXISTS s3_versions_blob ON s3_versions (blob)");
    }

    /** Keeps {@code object} as a version that is no longer current. */
    static void keep(Transaction tx, StoredObject object) throws SQLException {
        insert(tx, object, false);
    }

    /** Adds a delete marker, the key's newest version. */
    static void mark(Transaction tx, String bucket, String key, String version, Instant at) throws SQLException {
        insert(tx, new StoredObject(bucket, key, "", 0, "", at, Map.of(), version), true);
    }

    private static void insert(Transaction tx, StoredObject object, boolean marker) throws SQLException {
        long seq = nextSeq(tx, object.bucket(), object.key());
        try (PreparedStatement st = tx.connection()
                .prepareStatement(
                        "INSERT OR REPLACE INTO s3_versions (bucket, key, version, seq, marker, blob, size, etag,"
                                + " modified_ms, headers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, object.bucket());
            st.setString(2, object.key());
            st.setString(3, object.version());
            st.setLong(4, seq);
            st.setInt(5, marker ? 1 : 0);
            st.setString(6, object.blob());
            st.setLong(7, object.size());
            st.setString(8, object.etag());
            st.setLong(9, object.lastModified().toEpochMilli());
            st.setString(10, Catalog.json(object.headers()));
            st.executeUpdate();
        }
    }

    private static long nextSeq(Transaction tx, String bucket, String key) throws SQLException {
        try (PreparedStatement st = tx.connection()
                .prepareStatement("SELECT coalesce(max(seq), 0) + 1 FROM s3_versions WHERE bucket = ? AND key = ?")) {
            st.setString(1, bucket);
            st.setString(2, key);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A version that is not current, or {@code null}. */
    static Version find(Transaction tx, String bucket, String key, String version) throws SQLException {
        List<Version> found = select(tx, "bucket = ? AND key = ? AND version = ?", bucket, key, version);
        return found.isEmpty() ? null : found.getFirst();
    }

    /** A key's versions that are not current, newest first. */
    static List<Version> of(Transaction tx, String bucket, String key) throws SQLException {
        return select(tx, "bucket = ? AND key = ? ORDER BY seq DESC", bucket, key);
    }

    /** The versions that are not current of the bucket's keys with {@code prefix}, by key then newest first. */
    static List<Version> all(Transaction tx, String bucket, String prefix) throws SQLException {
        List<Version> out = new ArrayList<>();
        for (Version v : select(tx, "bucket = ? ORDER BY key, seq DESC", bucket)) {
            if (v.object().key().startsWith(prefix)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Removes a version; returns its blob when it was an object's. */
    static String remove(Transaction tx, Version version) throws SQLException {
        StoredObject o = version.object();
        Catalog.update(
                tx.connection(),
                "DELETE FROM s3_versions WHERE bucket = ? AND key = ? AND version = ?",
                o.bucket(),
                o.key(),
                o.version());
        return version.deleteMarker() ? null : o.blob();
    }

    private static List<Version> select(Transaction tx, String where, String... args) throws SQLException {
        List<Version> out = new ArrayList<>();
        try (PreparedStatement st = tx.connection()
                .prepareStatement("SELECT bucket, key, blob, size, etag, modified_ms, headers, version, marker, seq"
                        + " FROM s3_versions WHERE " + where)) {
            for (int i = 0; i < args.length; i++) {
                st.setString(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    StoredObject object = Catalog.object(rs);
                    out.add(new Version(object, rs.getInt(9) == 1, rs.getLong(10)));
                }
            }
        }
        return out;
    }

    static boolean hasVersions(Transaction tx, String bucket) throws SQLException {
        return exists(tx, "SELECT 1 FROM s3_versions WHERE bucket = ? LIMIT 1", bucket);
    }

    static boolean referenced(Transaction tx, String blob) throws SQLException {
        return exists(tx, "SELECT 1 FROM s3_versions WHERE blob = ? LIMIT 1", blob);
    }

    private static boolean exists(Transaction tx, String sql, String arg) throws SQLException {
        try (PreparedStatement st = tx.connection().prepareStatement(sql)) {
            st.setString(1, arg);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }
}
