package dev.lamina.s3;

import dev.lamina.storage.Transaction;

/**
 * Where a committed change of an object is told, in the transaction that makes it: S3 calls
 * {@link #created} and {@link #removed} inside that transaction, so that whatever they write (bucket
 * notifications appended to the node's {@link dev.lamina.storage.outbox.Outbox}, to come) commits with
 * the change or not at all, and is never sent for a change the client was not told of.
 */
public interface ObjectChanges {
    /** Nothing follows a change: the node has no bucket notifications yet. */
    ObjectChanges NONE = new ObjectChanges() {
        @Override
        public void created(Transaction tx, StoredObject object, String eventName) {}

        @Override
        public void removed(Transaction tx, String bucket, String key, String eventName) {}
    };

    /**
     * An object was written.
     *
     * @param eventName S3's event name: {@code ObjectCreated:Put}, {@code ObjectCreated:Copy},
     *     {@code ObjectCreated:CompleteMultipartUpload}
     */
    void created(Transaction tx, StoredObject object, String eventName);

    /** An object was deleted ({@code ObjectRemoved:Delete}). */
    void removed(Transaction tx, String bucket, String key, String eventName);
}
