package dev.lamina.lambda.function;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds what a function sees at {@code /opt}: its layers' unpacked trees merged in order, later
 * layers replacing earlier files at the same path, as Lambda extracts them one after the other.
 * Files are hard links to the unpacked layers (nothing is copied; they are read-only for everyone);
 * directories are new. The tree appears by an atomic rename, so a reader sees all of it or none.
 *
 * <p>Example: layer 1 holds {@code python/a.py} and {@code python/b.py}, layer 2 {@code python/b.py}
 * and {@code bin/tool}: the tree holds {@code python/a.py} (1), {@code python/b.py} (2) and
 * {@code bin/tool} (2). Caveat: a path that is a file in one layer and a directory in a later one
 * (or the reverse) takes the later layer's kind.
 */
final class LayerTree {
    private LayerTree() {}

    /** Merges {@code layers} (unpacked directories, in order) into {@code target}, unless it exists. */
    static Path build(List<Path> layers, Path target) throws IOException {
        if (Files.isDirectory(target)) {
            return target;
        }
        Path tmp = Files.createTempDirectory(target.getParent(), "merge-");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Path layer : layers) {
                merge(layer, tmp);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                CodeStore.deleteTree(tmp);
            }
        } catch (IOException | RuntimeException e) {
            CodeStore.deleteTree(tmp);
            throw e;
        }
        return target;
    }

    private static void merge(Path layer, Path into) throws IOException {
        try (Stream<Path> walk = Files.walk(layer)) {
            for (Path source : walk.toList()) {
                if (source.equals(layer)) {
                    continue;
                }
                Path target = into.resolve(layer.relativize(source).toString());
                boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    if (exists && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.delete(target);
                        exists = false;
                    }
                    if (!exists) {
                        Files.createDirectory(target);
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                } else {
                    if (exists) {
                        CodeStore.deleteTree(target);
                    }
                    Files.createLink(target, source);
                }
            }
        }
    }
}
