package dev.lamina.storage.disk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * One reading of a filesystem's space.
 *
 * @param usableBytes what this process may still write (statvfs's available blocks: root's reserve
 *     excluded)
 * @param totalBytes the filesystem's size
 */
public record FreeSpace(long usableBytes, long totalBytes) {
    public FreeSpace {
        if (usableBytes < 0 || totalBytes < 0) {
            throw new IllegalArgumentException("negative space: " + usableBytes + " of " + totalBytes);
        }
    }

    /**
     * Reads the space of the filesystem that holds {@code dir}, afresh on each call (one statvfs). The
     * filesystem is looked up once, here.
     */
    public static Supplier<FreeSpace> of(Path dir) {
        FileStore store;
        try {
            store = Files.getFileStore(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return () -> {
            try {
                return new FreeSpace(store.getUsableSpace(), store.getTotalSpace());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
