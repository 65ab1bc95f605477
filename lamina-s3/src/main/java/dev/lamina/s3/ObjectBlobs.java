package dev.lamina.s3;

import dev.lamina.core.AwsException;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import dev.lamina.storage.blob.Blob;
import dev.lamina.storage.blob.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;

/**
 * The content of objects and upload parts, named by its SHA-256 ("blob"): content of up to
 * {@link #INLINE_LIMIT} bytes is a row of the database, written in the transaction that commits the
 * row naming it; larger content is a file of the blob store, stored (and synced) before that
 * transaction. Both are removed once a change may have left them unnamed and no row names them
 * ({@link #sweep}). Equal content is one blob. Thread-safe.
 *
 * <p>Why small content goes in the database: a file costs two fsyncs (its data, then its directory
 * for the rename) before the row can commit, which capped PUTs of small objects far below what the
 * rest of the node does; a row commits with its object, atomically, at the database's durability
 * (every acknowledged write of the node has that durability: it survives a crash or SIGKILL of the
 * node). Large content stays streamed and never sits in memory.
 */
final class ObjectBlobs {
    /** The largest content kept in the database: 64 KiB, a few pages of SQLite overflow. */
    static final int INLINE_LIMIT = 64 * 1024;

    private final Transactions db;
    private final BlobStore blobs;
    private final Catalog catalog;

    ObjectBlobs(Transactions db, BlobStore blobs, Catalog catalog) {
        this.db = db;
        this.blobs = blobs;
        this.catalog = catalog;
    }

    static void createTables(Statement st) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS s3_inline_blobs (blob TEXT PRIMARY KEY, content BLOB NOT NULL)");
    }

    /**
     * Content read and named: its blob, its MD5 in hex, and the bytes themselves when small enough to
     * go in the database ({@link #keep} writes them), else {@code null} (the blob store holds them).
     */
    record Stored(Blob blob, String md5, byte[] inline) {}

    /**
     * Reads {@code body} to its end, checking its MD5 against {@code contentMd5} when given: small
     * content stays in memory for {@link #keep}, larger is stored as a file now.
     */
    Stored store(InputStream body, byte[] contentMd5) throws IOException {
        byte[] head = body.readNBytes(INLINE_LIMIT + 1);
        if (head.length <= INLINE_LIMIT) {
            byte[] md5 = md5().digest(head);
            checkMd5(md5, contentMd5);
            String sha256 = HexFormat.of().formatHex(digest("SHA-256").digest(head));
            return new Stored(new Blob(sha256, head.length), HexFormat.of().formatHex(md5), head);
        }
        MessageDigest md5 = md5();
        byte[][] digest = new byte[1][];
        InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), body);
        Blob blob = blobs.put(new DigestInputStream(whole, md5), (file, b) -> {
            digest[0] = md5.digest();
            checkMd5(digest[0], contentMd5);
        });
        return new Stored(blob, HexFormat.of().formatHex(digest[0]), null);
    }

    private static void checkMd5(byte[] actual, byte[] expected) {
        if (expected != null && !MessageDigest.isEqual(actual, expected)) {
            throw new AwsException(
                    400,
                    "BadDigest",
                    "The Content-MD5 you specified did not match what we received.",
                    Map.of(
                            "ExpectedDigest", HexFormat.of().formatHex(expected),
                            "CalculatedDigest", HexFormat.of().formatHex(actual)));
        }
    }

    /**
     * In the transaction that commits the row naming {@code stored}: writes small content, or checks
     * that the file is still there (a sweep may have removed equal content between the store and now;
     * then the client retries).
     */
    void keep(Transaction tx, Stored stored) throws SQLException {
        if (stored.inline() != null) {
            try (PreparedStatement st = tx.connection()
                    .prepareStatement("INSERT OR IGNORE INTO s3_inline_blobs (blob, content) VALUES (?, ?)")) {
                st.setString(1, stored.blob().sha256());
                st.setBytes(2, stored.inline());
                st.executeUpdate();
            }
        } else if (!blobs.exists(stored.blob().sha256())) {
            throw new AwsException(500, "InternalError", "We encountered an internal error. Please try again.");
        }
    }

    /** A blob's bytes if the database holds them, else {@code null} (a file holds them). */
    byte[] inline(Transaction tx, String blob) throws SQLException {
        try (PreparedStatement st =
                tx.connection().prepareStatement("SELECT content FROM s3_inline_blobs WHERE blob = ?")) {
            st.setString(1, blob);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /**
     * Opens a blob's content: {@code inline} as read in the transaction that found its row, else its
     * file.
     *
     * @throws NoSuchFileException if the file is gone (swept since the row was read)
     */
    ObjectContent open(String blob, byte[] inline) throws IOException {
        return inline != null ? ObjectContent.of(inline) : ObjectContent.of(FileChannel.open(blobs.path(blob)));
    }

    /** A blob's content as a stream (a part's, when parts are put together). */
    InputStream stream(String blob) throws IOException {
        byte[] inline = db.transaction(tx -> inline(tx, blob));
        return inline != null ? new ByteArrayInputStream(inline) : blobs.open(blob);
    }

    /** Notes a stored blob that no row will name (its commit failed), and removes it unless one does. */
    void abandon(String blob) {
        db.transaction(tx -> {
            catalog.mayBeUnreferenced(tx, blob);
            return null;
        });
        sweep();
    }

    /**
     * Removes the noted blobs that no row names. Runs in a transaction, so no commit that names a blob
     * runs between the check and the removal (a put checks, in its own transaction, that its blob is
     * still there).
     */
    void sweep() {
        if (!catalog.takeNoted()) {
            return;
        }
        try {
            db.transaction(tx -> {
                for (String blob : catalog.candidates(tx)) {
                    if (!catalog.referenced(tx, blob)) {
                        try (PreparedStatement st =
                                tx.connection().prepareStatement("DELETE FROM s3_inline_blobs WHERE blob = ?")) {
                            st.setString(1, blob);
                            st.executeUpdate();
                        }
                        try {
                            blobs.delete(blob);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    catalog.forget(tx, blob);
                }
                return null;
            });
        } catch (RuntimeException e) {
            catalog.keepNoted();
            throw e;
        }
    }

    static MessageDigest md5() {
        return digest("MD5");
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }
}
