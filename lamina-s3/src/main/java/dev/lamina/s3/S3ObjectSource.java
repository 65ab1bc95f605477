package dev.lamina.s3;

import dev.lamina.spi.s3.ObjectSource;
import java.io.IOException;
import java.io.UncheckedIOException;

/** S3's objects as other services read them ({@link ObjectSource}). */
public final class S3ObjectSource implements ObjectSource {
    private final ObjectStore store;
    private final Versioning versioning;

    public S3ObjectSource(ObjectStore store, Versioning versioning) {
        this.store = store;
        this.versioning = versioning;
    }

    @Override
    public byte[] read(String bucket, String key, String version) {
        try {
            ObjectStore.Opened opened =
                    version == null ? store.open(bucket, key) : versioning.open(bucket, key, version);
            try (ObjectContent content = opened.content()) {
                long size = opened.object().size();
                if (size > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("an object of " + size + " bytes is too large to read whole");
                }
                return content.read(0, (int) size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
