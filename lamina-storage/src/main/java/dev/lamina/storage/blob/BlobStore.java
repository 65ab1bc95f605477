package dev.lamina.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Content-addressed blobs: each stored once under the SHA-256 of its content, never changed, visible
 * whole or not at all. A directory on one node ({@link FileBlobStore}); S3-compatible storage in a
 * cluster, with {@link #path} a local cache. Safe to call from many threads. Deleting is the caller's
 * call: the store does not count who still refers to a blob.
 */
public interface BlobStore {

    /** Stores what {@code content} holds, read to its end (the caller closes it). */
    default Blob put(InputStream content) throws IOException {
        return put(content, (file, blob) -> {});
    }

    /**
     * Stores what {@code content} holds, after {@code check} has accepted it: if {@code check} throws,
     * nothing is stored and its exception reaches the caller. Storing a blob the store already holds
     * changes nothing and returns it.
     */
    Blob put(InputStream content, Check check) throws IOException;

    /** Reads a blob. @throws java.nio.file.NoSuchFileException if the store does not hold it */
    InputStream open(String sha256) throws IOException;

    /**
     * A local file with the blob's content, for readers that need a file (zip readers, sandboxes):
     * read-only by contract. Whether it exists is {@link #exists}'s to say.
     */
    Path path(String sha256);

    boolean exists(String sha256);

    /** A blob's size in bytes. @throws java.nio.file.NoSuchFileException if the store does not hold it */
    long size(String sha256) throws IOException;

    /** Removes a blob; returns whether the store held it. */
    boolean delete(String sha256) throws IOException;

    /** Looks at content about to be stored, and refuses it by throwing. */
    @FunctionalInterface
    interface Check {
        /**
         * @param file the content, complete, in a file of its own that no reader sees yet
         * @param blob its name and size
         */
        void accept(Path file, Blob blob) throws IOException;
    }
}
