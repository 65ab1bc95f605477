package dev.lamina.lambda.function;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.storage.blob.BlobStore;
import dev.lamina.storage.blob.FileBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Code packages stored by content in a {@link BlobStore} (on one node {@code <root>/<sha256>.zip}, the
 * layout it always had), unpacked once into {@code <unpackRoot>/<sha256>/} and shared read-only by
 * every environment that runs it. The unpacked trees are a cache that may live apart from the zips,
 * where sandboxes can reach them. Safe to call from many threads: zips and trees appear by atomic
 * rename, so a reader sees a whole package or none.
 */
public final class CodeStore {
    /** Lambda's limit on a package uploaded directly (not through S3). */
    public static final long MAX_ZIPPED_BYTES = 52_428_800L;

    /** Lambda's limit on a function's unzipped size, layers included. */
    public static final long MAX_UNZIPPED_BYTES = 262_144_000L;

    private final BlobStore zips;
    private final Path unpackRoot;
    private final BooleanSupplier diskLow;

    /** Zips in {@code <root>/<sha256>.zip}, on a disk assumed to have room. */
    public CodeStore(Path root, Path unpackRoot) {
        this(new FileBlobStore(root, ".zip"), unpackRoot, () -> false);
    }

    /**
     * @param zips where the packages are kept; {@link BlobStore#path} must give each a local file
     * @param diskLow whether the data directory's disk is below its minimum free space (the node's disk
     *     guard), in which case no new package is stored
     */
    public CodeStore(BlobStore zips, Path unpackRoot, BooleanSupplier diskLow) {
        this.zips = zips;
        this.unpackRoot = unpackRoot;
        this.diskLow = diskLow;
        try {
            Files.createDirectories(unpackRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The merged {@code /opt} of a list of stored layer packages (in order), built on first use and
     * shared by every function with the same list: {@code <unpackRoot>/opt/<sha256 of the list>/}.
     */
    public Path layerTree(List<String> sha256Hexes) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", sha256Hexes).getBytes(StandardCharsets.US_ASCII));
            Path target = unpackRoot.resolve("opt").resolve(HexFormat.of().formatHex(key));
            if (Files.isDirectory(target)) {
                return target;
            }
            Files.createDirectories(target.getParent());
            List<Path> layers = new ArrayList<>(sha256Hexes.size());
            for (String sha : sha256Hexes) {
                layers.add(unpacked(sha));
            }
            return LayerTree.build(layers, target);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sum of the declared sizes of a stored package's files. */
    public long unzippedSize(String sha256Hex) {
        try (ZipFile zip = ZipFile.builder().setPath(zipPath(sha256Hex)).get()) {
            long total = 0;
            var entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                total += Math.max(0, entries.nextElement().getSize());
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Validates a zip (readable, no path escapes, within the unzipped limit) and stores it.
     *
     * @throws AwsException CodeStorageExceededException when the disk is low or fills while storing, so
     *     that the caller makes no function or layer that has no code
     */
    public CodeRef put(byte[] zip) {
        if (zip.length > MAX_ZIPPED_BYTES) {
            throw LambdaErrors.requestTooLarge("Zipped size must be smaller than " + MAX_ZIPPED_BYTES
                    + " bytes for a direct upload; upload larger packages through S3.");
        }
        CodeRef ref = refOf(zip);
        if (zips.exists(ref.sha256Hex())) {
            return ref;
        }
        if (diskLow.getAsBoolean()) {
            throw noRoom();
        }
        try {
            zips.put(new ByteArrayInputStream(zip), (file, blob) -> validate(file));
        } catch (IOException e) {
            // The JDK reports ENOSPC only through the message: "No space left on device".
            if (String.valueOf(e.getMessage()).contains("No space left")) {
                throw noRoom();
            }
            throw new UncheckedIOException(e);
        }
        return ref;
    }

    private static AwsException noRoom() {
        return LambdaErrors.codeStorageExceeded("Code storage limit exceeded: the node's data directory is low on"
                + " disk space. Free space there (or lower lamina server --min-free-disk) and try again.");
    }

    public static CodeRef refOf(byte[] zip) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(zip);
            return new CodeRef(
                    HexFormat.of().formatHex(digest), Base64.getEncoder().encodeToString(digest), zip.length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path zipPath(String sha256Hex) {
        return zips.path(sha256Hex);
    }

    /** A stored package's bytes. @throws java.nio.file.NoSuchFileException if it is not stored */
    public byte[] read(String sha256Hex) throws IOException {
        try (InputStream in = zips.open(sha256Hex)) {
            return in.readAllBytes();
        }
    }

    /** Whether the package holds a regular file at {@code entryPath} (a path inside the zip). */
    public boolean contains(String sha256Hex, String entryPath) {
        try (ZipFile zip = ZipFile.builder().setPath(zipPath(sha256Hex)).get()) {
            ZipArchiveEntry entry = zip.getEntry(entryPath);
            return entry != null && !entry.isDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the package holds any entry under the directory {@code prefix} (ending in '/'). */
    public boolean containsDirectory(String sha256Hex, String prefix) {
        try (ZipFile zip = ZipFile.builder().setPath(zipPath(sha256Hex)).get()) {
            var entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                if (entries.nextElement().getName().startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The unpacked directory of a stored package, unpacking it on first use. */
    public Path unpacked(String sha256Hex) {
        Path dir = unpackRoot.resolve(sha256Hex);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Path tmp = Files.createTempDirectory(unpackRoot, "unpack-");
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                extract(zipPath(sha256Hex), tmp);
            } catch (IOException | RuntimeException e) {
                deleteTree(tmp);
                throw e;
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException raced) {
                // Another thread unpacked it first: Linux reports that as a plain "Directory not empty".
                if (!Files.isDirectory(dir)) {
                    throw raced;
                }
                deleteTree(tmp);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Refuses a package that could write outside its directory when unpacked: an entry named with
     * {@code ..}, an absolute path or a backslash, or one whose path passes through a symbolic link
     * the package itself makes (a link to {@code /etc}, then a file {@code link/passwd}). Links
     * themselves are kept, as Lambda keeps them (decision 29).
     */
    private static void validate(Path zipFile) {
        long total = 0;
        try (ZipFile zip = ZipFile.builder().setPath(zipFile).get()) {
            Set<String> links = new HashSet<>();
            List<String> names = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            var entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                checkName(entry.getName());
                names.add(entry.getName());
                String normalized = Path.of(entry.getName()).normalize().toString();
                if (entry.isUnixSymlink()) {
                    links.add(normalized);
                }
                if (!seen.add(normalized) && links.contains(normalized)) {
                    throw LambdaErrors.invalidParameter("Could not unzip uploaded file: the symbolic link '"
                            + normalized + "' has the name of another entry. Please check your file, then try to"
                            + " upload again.");
                }
                total += Math.max(0, entry.getSize());
                if (total > MAX_UNZIPPED_BYTES) {
                    throw LambdaErrors.invalidParameter(
                            "Unzipped size must be smaller than " + MAX_UNZIPPED_BYTES + " bytes");
                }
            }
            for (String name : names) {
                for (Path parent = Path.of(name).normalize().getParent(); parent != null; parent = parent.getParent()) {
                    if (links.contains(parent.toString())) {
                        throw LambdaErrors.invalidParameter("Could not unzip uploaded file: entry '" + name
                                + "' is inside the symbolic link '" + parent
                                + "'. Please check your file, then try to upload again.");
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw unzipFailure();
        }
    }

    private static AwsException unzipFailure() {
        return LambdaErrors.invalidParameter(
                "Could not unzip uploaded file. Please check your file, then try to upload again.");
    }

    private static void checkName(String name) {
        if (name.startsWith("/")
                || name.contains("\\")
                || Path.of(name).normalize().startsWith("..")) {
            throw LambdaErrors.invalidParameter("Could not unzip uploaded file: entry '" + name
                    + "' points outside the package. Please check your file, then try to upload again.");
        }
    }

    /**
     * Unpacks a validated package. Symbolic links are made as links and never followed: no file is
     * written through one (a path that passes through a link, or ends in one, fails), so whatever
     * they point at, they stay harmless to the host and resolve only inside a sandbox.
     */
    private static void extract(Path zipFile, Path into) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(zipFile).get()) {
            var entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into) || target.equals(into)) {
                    throw unzipFailure();
                }
                createParents(into, target);
                if (entry.isDirectory()) {
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectory(target);
                    }
                } else if (entry.isUnixSymlink()) {
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(zip.getUnixSymlink(entry)));
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        // REPLACE_EXISTING removes a link of that name rather than writing through it
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.setPosixFilePermissions(target, permissions(entry.getUnixMode()));
                }
            }
        }
    }

    /** Makes {@code target}'s missing parent directories under {@code into}; fails on a link among them. */
    private static void createParents(Path into, Path target) throws IOException {
        Path dir = into;
        for (Path name : into.relativize(target.getParent() == null ? into : target.getParent())) {
            if (name.toString().isEmpty()) {
                continue;
            }
            dir = dir.resolve(name);
            if (Files.isSymbolicLink(dir)) {
                throw unzipFailure();
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir);
            }
        }
    }

    /** Lambda keeps a file's execute bits; everything is readable by all, writable by none. */
    private static Set<PosixFilePermission> permissions(int unixMode) {
        Set<PosixFilePermission> perms = EnumSet.of(
                PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((unixMode & 0111) != 0) {
            perms.addAll(EnumSet.of(
                    PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return perms;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!Files.isSymbolicLink(p)) { // chmod would follow a link to its target
                    p.toFile().setWritable(true);
                }
                Files.deleteIfExists(p);
            }
        }
    }
}
