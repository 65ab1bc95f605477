package dev.lamina.s3;

import dev.lamina.core.AwsException;
import dev.lamina.storage.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Multipart uploads: an upload's row, its parts (each a blob of its own, as a PUT's), and their
 * completion into one object. Completing concatenates the parts' blobs into the object's blob (read
 * and written a piece at a time) and commits the object and the upload's removal in one transaction;
 * the parts' blobs then go as any unnamed blob does. ETag: the MD5 of the parts' binary MD5s, a dash
 * and the number of parts, as S3's. Every part but the last must be at least {@link #MIN_PART}.
 */
public final class Multipart {
    /** S3's smallest part, but for the last. */
    public static final long MIN_PART = 5L * 1024 * 1024;

    public static final int MAX_PARTS = 10_000;

    private final ObjectStore store;
    private final Clock clock;
    private final RandomGenerator random;

    /** @param random makes upload ids; used from many threads, so thread-safe (SecureRandom is) */
    public Multipart(ObjectStore store, Clock clock, RandomGenerator random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
    }

    /** An upload in progress. */
    public record Upload(String id, String bucket, String key, Instant initiated, Map<String, String> headers) {}

    /** A stored part. */
    public record Part(int number, String blob, long size, String etag, Instant lastModified) {
        public String quotedEtag() {
            return '"' + etag + '"';
        }
    }

    /** A part as CompleteMultipartUpload names it. */
    public record Named(int number, String etag) {}

    static void createTables(Statement st) throws SQLException {
        st.execute(
                "CREATE TABLE IF NOT EXISTS s3_uploads (id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT NULL,"
                        + " initiated_ms INTEGER NOT NULL, headers TEXT NOT NULL)");
        st.execute("CREATE INDEX IF NOT EXISTS s3_uploads_bucket ON s3_uploads (bucket, key)");
        st.execute("CREATE TABLE IF NOT EXISTS s3_parts (upload TEXT NOT NULL, number INTEGER NOT NULL,"
                + " blob TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL, modified_ms INTEGER NOT NULL,"
                + " PRIMARY KEY (upload, number)) WITHOUT ROWID");
        st.execute("CREATE INDEX IF NOT EXISTS s3_parts_blob ON s3_parts (blob)");
    }

    public Upload create(String bucket, String key, Map<String, String> headers) {
        byte[] id = new byte[24];
        random.nextBytes(id);
        Upload upload = new Upload(
                Base64.getUrlEncoder().withoutPadding().encodeToString(id), bucket, key, clock.instant(), headers);
        return store.db().transaction(tx -> {
            store.requireBucket(tx, bucket);
            try (PreparedStatement st = tx.connection()
                    .prepareStatement(
                            "INSERT INTO s3_uploads (id, bucket, key, initiated_ms, headers) VALUES (?, ?, ?, ?, ?)")) {
                st.setString(1, upload.id());
                st.setString(2, bucket);
                st.setString(3, key);
                st.setLong(4, upload.initiated().toEpochMilli());
                st.setString(5, Catalog.json(headers));
                st.executeUpdate();
            }
            return upload;
        });
    }

    /** Stores a part (replacing one of its number) from {@code body}, read to its end. */
    public Part uploadPart(String bucket, String key, String uploadId, int number, InputStream body, byte[] contentMd5)
            throws IOException {
        checkNumber(number);
        store.db().transaction(tx -> require(tx, bucket, key, uploadId));
        ObjectBlobs.Stored stored = store.contents().store(body, contentMd5);
        return commitPart(bucket, key, uploadId, number, stored);
    }

    /** Stores a part from {@code content}, read to its end (UploadPartCopy: a range of an object). */
    public Part copyPart(String bucket, String key, String uploadId, int number, InputStream content)
            throws IOException {
        checkNumber(number);
        store.db().transaction(tx -> require(tx, bucket, key, uploadId));
        return commitPart(bucket, key, uploadId, number, store.contents().store(content, null));
    }

    private Part commitPart(String bucket, String key, String uploadId, int number, ObjectBlobs.Stored stored) {
        Part part = new Part(number, stored.blob().sha256(), stored.blob().size(), stored.md5(), clock.instant());
        try {
            store.db().transaction(tx -> {
                require(tx, bucket, key, uploadId);
                store.contents().keep(tx, stored);
                Part before = parts(tx, uploadId).stream()
                        .filter(p -> p.number() == number)
                        .findFirst()
                        .orElse(null);
                try (PreparedStatement st = tx.connection()
                        .prepareStatement(
                                "INSERT OR REPLACE INTO s3_parts (upload, number, blob, size, etag, modified_ms)"
                                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
                    st.setString(1, uploadId);
                    st.setInt(2, number);
                    st.setString(3, part.blob());
                    st.setLong(4, part.size());
                    st.setString(5, part.etag());
                    st.setLong(6, part.lastModified().toEpochMilli());
                    st.executeUpdate();
                }
                if (before != null && !before.blob().equals(part.blob())) {
                    store.catalog().mayBeUnreferenced(tx, before.blob());
                }
                return null;
            });
        } catch (RuntimeException e) {
            store.contents().abandon(part.blob());
            throw e;
        }
        store.sweep();
        return part;
    }

    /**
     * Completes an upload into its object. The parts named must be in ascending order
     * ({@code InvalidPartOrder}), each uploaded with the ETag given ({@code InvalidPart}), each but
     * the last at least {@link #MIN_PART} ({@code EntityTooSmall}); parts not named are dropped.
     */
    public StoredObject complete(String bucket, String key, String uploadId, List<Named> named) throws IOException {
        if (named.isEmpty()) {
            throw new AwsException(
                    400,
                    "MalformedXML",
                    "The XML you provided was not well-formed or did not validate against our" + " published schema");
        }
        Upload upload = store.db().transaction(tx -> require(tx, bucket, key, uploadId));
        List<Part> chosen = choose(store.db().transaction(tx -> parts(tx, uploadId)), named);
        MessageDigest md5s = ObjectBlobs.md5();
        for (Part part : chosen) {
            md5s.update(HexFormat.of().parseHex(part.etag()));
        }
        String etag = HexFormat.of().formatHex(md5s.digest()) + "-" + chosen.size();
        ObjectBlobs.Stored stored = store.contents().store(concatenation(chosen), null);
        StoredObject object = new StoredObject(
                bucket, key, stored.blob().sha256(), stored.blob().size(), etag, clock.instant(), upload.headers());
        return store.commit(object, stored, Map.of(), "ObjectCreated:CompleteMultipartUpload", tx -> {
            require(tx, bucket, key, uploadId); // an abort or another completion since: nothing changes
            remove(tx, uploadId);
            return null;
        });
    }

    /** The parts {@code named} picks, checked as S3 checks them. */
    static List<Part> choose(List<Part> uploaded, List<Named> named) {
        Map<Integer, Part> byNumber = new LinkedHashMap<>();
        uploaded.forEach(p -> byNumber.put(p.number(), p));
        List<Part> chosen = new ArrayList<>();
        int previous = 0;
        for (Named n : named) {
            if (n.number() <= previous) {
                throw new AwsException(
                        400,
                        "InvalidPartOrder",
                        "The list of parts was not in ascending order. The parts list must be specified in order by"
                                + " part number.");
            }
            previous = n.number();
            Part part = byNumber.get(n.number());
            String etag = n.etag() == null ? "" : n.etag().replace("\"", "");
            if (part == null || !part.etag().equals(etag)) {
                throw new AwsException(
                        400,
                        "InvalidPart",
                        "One or more of the specified parts could not be found.  The part may not have been uploaded,"
                                + " or the specified entity tag may not match the part's entity tag.",
                        Map.of("UploadId", "", "PartNumber", Integer.toString(n.number()), "ETag", etag));
            }
            chosen.add(part);
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
            Part part = chosen.get(i);
            if (part.size() < MIN_PART) {
                throw new AwsException(
                        400,
                        "EntityTooSmall",
                        "Your proposed upload is smaller than the minimum allowed object size.",
                        Map.of(
                                "ProposedSize", Long.toString(part.size()),
                                "MinSizeAllowed", Long.toString(MIN_PART),
                                "PartNumber", Integer.toString(part.number()),
                                "ETag", part.etag()));
            }
        }
        return chosen;
    }

    /** The parts' content one after the other, each blob opened when reached. */
    private InputStream concatenation(List<Part> parts) {
        Iterator<Part> each = parts.iterator();
        return new SequenceInputStream(new java.util.Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return each.hasNext();
            }

            @Override
            public InputStream nextElement() {
                try {
                    return store.contents().stream(each.next().blob());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    /** Aborts an upload: its parts are gone. */
    public void abort(String bucket, String key, String uploadId) {
        store.db().transaction(tx -> {
            require(tx, bucket, key, uploadId);
            remove(tx, uploadId);
            return null;
        });
        store.sweep();
    }

    public Upload upload(String bucket, String key, String uploadId) {
        return store.db().transaction(tx -> require(tx, bucket, key, uploadId));
    }

    /** An upload's parts in order. */
    public List<Part> parts(String bucket, String key, String uploadId) {
        return store.db().transaction(tx -> {
            require(tx, bucket, key, uploadId);
            return parts(tx, uploadId);
        });
    }

    /** The bucket's uploads in progress whose keys start with {@code prefix}, by key then start. */
    public List<Upload> uploads(String bucket, String prefix) {
        return store.db().transaction(tx -> {
            store.requireBucket(tx, bucket);
            List<Upload> out = new ArrayList<>();
            try (PreparedStatement st = tx.connection()
                    .prepareStatement("SELECT id, bucket, key, initiated_ms, headers FROM s3_uploads WHERE bucket = ?"
                            + " ORDER BY key, initiated_ms")) {
                st.setString(1, bucket);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Upload upload = upload(rs);
                        if (upload.key().startsWith(prefix)) {
                            out.add(upload);
                        }
                    }
                }
            }
            return out;
        });
    }

    private void remove(Transaction tx, String uploadId) throws SQLException {
        for (Part part : parts(tx, uploadId)) {
            store.catalog().mayBeUnreferenced(tx, part.blob());
        }
        Catalog.update(tx.connection(), "DELETE FROM s3_parts WHERE upload = ?", uploadId);
        Catalog.update(tx.connection(), "DELETE FROM s3_uploads WHERE id = ?", uploadId);
    }

    private Upload require(Transaction tx, String bucket, String key, String uploadId) throws SQLException {
        store.requireBucket(tx, bucket);
        try (PreparedStatement st = tx.connection()
                .prepareStatement("SELECT id, bucket, key, initiated_ms, headers FROM s3_uploads WHERE id = ?")) {
            st.setString(1, uploadId);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    Upload upload = upload(rs);
                    if (upload.bucket().equals(bucket) && upload.key().equals(key)) {
                        return upload;
                    }
                }
            }
        }
        throw new AwsException(
                404,
                "NoSuchUpload",
                "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted"
                        + " or completed.",
                Map.of("UploadId", uploadId));
    }

    private static Upload upload(ResultSet rs) throws SQLException {
        return new Upload(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(4)),
                Catalog.headers(rs.getString(5)));
    }

    private static List<Part> parts(Transaction tx, String uploadId) throws SQLException {
        List<Part> out = new ArrayList<>();
        try (PreparedStatement st = tx.connection()
                .prepareStatement("SELECT number, blob, size, etag, modified_ms FROM s3_parts WHERE upload = ?"
                        + " ORDER BY number")) {
            st.setString(1, uploadId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Part(
                            rs.getInt(1),
                            rs.getString(2),
                            rs.getLong(3),
                            rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5))));
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static void checkNumber(int number) {
        if (number < 1 || number > MAX_PARTS) {
            throw S3Errors.invalidArgument(
                    "Part number must be an integer between 1 and 10000, inclusive",
                    "partNumber",
                    Integer.toString(number));
        }
    }

    static boolean hasUploads(Transaction tx, String bucket) throws SQLException {
        try (PreparedStatement st =
                tx.connection().prepareStatement("SELECT 1 FROM s3_uploads WHERE bucket = ? LIMIT 1")) {
            st.setString(1, bucket);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    static boolean referenced(Transaction tx, String blob) throws SQLException {
        try (PreparedStatement st = tx.connection().prepareStatement("SELECT 1 FROM s3_parts WHERE blob = ? LIMIT 1")) {
            st.setString(1, blob);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }
}
