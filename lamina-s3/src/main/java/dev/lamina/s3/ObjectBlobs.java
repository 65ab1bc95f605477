package dev.lamina.s3;

import dev.lamina.core.AwsException;
import dev.lamina.storage.Transactions;
import dev.lamina.storage.blob.Blob;
import dev.lamina.storage.blob.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The content of objects and upload parts: blobs stored before the row that names them commits, and
 * removed once a change may have left them unnamed and no row names them ({@link #sweep}). Equal
 * content is one blob. Thread-safe.
 */
final class ObjectBlobs {
    private final Transactions db;
    private final BlobStore blobs;
    private final Catalog catalog;

    ObjectBlobs(Transactions db, BlobStore blobs, Catalog catalog) {
        this.db = db;
        this.blobs = blobs;
        this.catalog = catalog;
    }

    BlobStore blobs() {
        return blobs;
    }

    /** A blob just stored and its content's MD5 in hex. */
    record Stored(Blob blob, String md5) {}

    /** Stores {@code body} as a blob, checking its MD5 against {@code contentMd5} when given. */
    Stored store(InputStream body, byte[] contentMd5) throws IOException {
        MessageDigest md5 = md5();
        byte[][] digest = new byte[1][];
        Blob blob = blobs.put(new DigestInputStream(body, md5), (file, b) -> {
            byte[] actual = md5.digest();
            digest[0] = actual;
            if (contentMd5 != null && !MessageDigest.isEqual(actual, contentMd5)) {
                throw new AwsException(
                        400,
                        "BadDigest",
                        "The Content-MD5 you specified did not match what we received.",
                        Map.of(
                                "ExpectedDigest", HexFormat.of().formatHex(contentMd5),
                                "CalculatedDigest", HexFormat.of().formatHex(actual)));
            }
        });
        return new Stored(blob, HexFormat.of().formatHex(digest[0]));
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
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
