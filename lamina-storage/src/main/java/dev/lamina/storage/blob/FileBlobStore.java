package dev.lamina.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A {@link BlobStore} in one directory: each blob in {@code <dir>/<sha256><suffix>} (Lambda's code
 * packages keep the layout they always had, {@code <data>/code/<sha256>.zip}). A put streams the
 * content into a temporary file in the same directory, hashing it on the way with a fixed buffer (a
 * blob of any size never sits in memory), syncs it, and renames it into place, then syncs the
 * directory: a crash, of the node or of the machine, leaves either the whole blob under its name or
 * none, never a torn one that a later put of the same content would take for whole. The temporary
 * files a crash leaves behind are removed when the store opens. One store per directory.
 */
public final class FileBlobStore implements BlobStore {
    private static final String TEMPORARY = ".put-";
    private static final int BUFFER = 64 * 1024;

    private final Path dir;
    private final String suffix;

    /** @param suffix what every blob's file name ends with after its hash ({@code ".zip"}), or {@code ""} */
    public FileBlobStore(Path dir, String suffix) {
        this.dir = dir;
        this.suffix = suffix;
        try {
            Files.createDirectories(dir);
            removeTemporaries();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeTemporaries() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, TEMPORARY + "*")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    @Override
    public Blob put(InputStream content, Check check) throws IOException {
        Path tmp = Files.createTempFile(dir, TEMPORARY, ".tmp");
        try {
            Blob blob = write(content, tmp);
            check.accept(tmp, blob);
            Path target = path(blob.sha256());
            if (!Files.exists(target)) {
                moveIntoPlace(tmp, target);
            }
            return blob;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies {@code content} into {@code file}, hashing it, and syncs the file. */
    private static Blob write(InputStream content, Path file) throws IOException {
        MessageDigest sha256 = sha256();
        long size = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                OutputStream out = Channels.newOutputStream(channel)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = content.read(buffer)) >= 0; ) {
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
                size += n;
            }
            out.flush();
            channel.force(true);
        }
        return new Blob(HexFormat.of().formatHex(sha256.digest()), size);
    }

    private void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        // The rename is durable only once the directory is.
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        return Files.newInputStream(path(sha256));
    }

    @Override
    public Path path(String sha256) {
        return dir.resolve(Blob.checkName(sha256) + suffix);
    }

    @Override
    public boolean exists(String sha256) {
        return Files.exists(path(sha256));
    }

    @Override
    public long size(String sha256) throws IOException {
        return Files.size(path(sha256));
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        return Files.deleteIfExists(path(sha256));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
