package dev.lamina.s3;

import dev.lamina.core.AwsException;
import dev.lamina.storage.Transaction;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bucket's versioning and the operations on versions: PutBucketVersioning, reading and deleting one
 * version, and ListObjectVersions. The current object of a key stays where an unversioned bucket keeps
 * it; older versions and delete markers are {@link Versions}. Deleting the current version makes the
 * newest older one current, unless that is a delete marker; deleting the newest delete marker does the
 * same.
 */
public final class Versioning {
    private final ObjectStore store;

    public Versioning(ObjectStore store) {
        this.store = store;
    }

    /**
     * What a delete did.
     *
     * @param version the version deleted or the delete marker made, or {@code null} when the bucket
     *     has no versions
     * @param deleteMarker whether that version is a delete marker
     */
    public record Deleted(String version, boolean deleteMarker) {
        public static final Deleted NOTHING = new Deleted(null, false);
    }

    /**
     * One entry of ListObjectVersions.
     *
     * @param latest whether it is its key's newest version
     */
    public record Entry(StoredObject object, boolean deleteMarker, boolean latest) {}

    /** Sets {@code Enabled} or {@code Suspended}; anything else is S3's {@code MalformedXML}. */
    public void setStatus(String bucket, String status) {
        if (!Bucket.ENABLED.equals(status) && !Bucket.SUSPENDED.equals(status)) {
            throw S3Errors.malformedXml();
        }
        store.db().transaction(tx -> {
            store.requireBucket(tx, bucket);
            store.catalog().setVersioning(tx, bucket, status);
            return null;
        });
    }

    /** One version of an object: S3's 404 {@code NoSuchVersion}, or 405 for a delete marker. */
    public StoredObject head(String bucket, String key, String version) {
        return store.db().transaction(tx -> store.requireVersion(tx, bucket, key, version));
    }

    /** Opens one version's content (see {@link ObjectStore#open}). */
    public ObjectStore.Opened open(String bucket, String key, String version) throws IOException {
        ObjectStore.Found found =
                store.db().transaction(tx -> store.found(tx, store.requireVersion(tx, bucket, key, version)));
        try {
            return found.open();
        } catch (NoSuchFileException e) {
            throw new AwsException(
                    404,
                    "NoSuchVersion",
                    "The specified version does not exist.",
                    Map.of("Key", key, "VersionId", version));
        }
    }

    /** Deletes one version for good; one that is not there is no error, as on S3. */
    public Deleted delete(String bucket, String key, String version) {
        Deleted deleted = store.db().transaction(tx -> {
            store.requireBucket(tx, bucket);
            StoredObject current = store.catalog().object(tx, bucket, key);
            if (current != null && current.version().equals(version)) {
                store.catalog().delete(tx, bucket, key);
                store.noteBlob(tx, current.blob());
                promoteNewest(tx, bucket, key, Long.MAX_VALUE);
                store.changes().removed(tx, bucket, key, "ObjectRemoved:Delete");
                return new Deleted(version, false);
            }
            Versions.Version older = Versions.find(tx, bucket, key, version);
            if (older == null) {
                return new Deleted(version, false);
            }
            store.noteBlob(tx, Versions.remove(tx, older));
            if (older.deleteMarker() && current == null) {
                promoteNewest(tx, bucket, key, older.seq());
            }
            return new Deleted(version, older.deleteMarker());
        });
        store.sweep();
        return deleted;
    }

    /** Makes the newest older version current if it is an object and newer ones than {@code below} are gone. */
    private void promoteNewest(Transaction tx, String bucket, String key, long below) throws SQLException {
        List<Versions.Version> rest = Versions.of(tx, bucket, key);
        if (!rest.isEmpty()
                && !rest.getFirst().deleteMarker()
                && rest.getFirst().seq() < below) {
            Versions.remove(tx, rest.getFirst());
            store.catalog().put(tx, rest.getFirst().object(), Map.of());
        }
    }

    /**
     * The bucket's versions of keys with {@code prefix}, by key, newest first, after the key marker
     * (and within it, after the version marker), at most {@code max}.
     *
     * @return the entries, and one more when there are more (the caller pages)
     */
    public List<Entry> list(String bucket, String prefix, String keyMarker, String versionMarker, int max) {
        return store.db().transaction(tx -> {
            store.requireBucket(tx, bucket);
            TreeMap<String, List<Entry>> byKey = new TreeMap<>();
            for (StoredObject current : store.catalog().list(tx, bucket, prefix, "", Integer.MAX_VALUE)) {
                byKey.computeIfAbsent(current.key(), k -> new ArrayList<>()).add(new Entry(current, false, true));
            }
            for (Versions.Version older : Versions.all(tx, bucket, prefix)) {
                List<Entry> entries = byKey.computeIfAbsent(older.object().key(), k -> new ArrayList<>());
                entries.add(new Entry(older.object(), older.deleteMarker(), entries.isEmpty()));
            }
            List<Entry> out = new ArrayList<>();
            for (var key : byKey.entrySet()) {
                if (!keyMarker.isEmpty() && key.getKey().compareTo(keyMarker) < 0) {
                    continue;
                }
                boolean skipping = key.getKey().equals(keyMarker);
                for (Entry entry : key.getValue()) {
                    if (skipping) {
                        skipping = !versionMarker.isEmpty()
                                && !entry.object().version().equals(versionMarker);
                        if (versionMarker.isEmpty() || !skipping) {
                            continue; // the marker itself, or a key marker alone: what follows it
                        }
                        continue;
                    }
                    out.add(entry);
                    if (out.size() > max) {
                        return out;
                    }
                }
            }
            return out;
        });
    }
}
