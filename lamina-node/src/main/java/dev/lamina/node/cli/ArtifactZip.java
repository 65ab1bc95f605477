package dev.lamina.node.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * A deployment package made from a directory (or one file) as {@code aws cloudformation package}
 * makes it, but byte for byte the same for the same files: entries in the order of their paths,
 * every entry dated 1980-01-01 00:00 (the first time a zip can hold), each file's unix mode kept as
 * 0755 or 0644 so that an executable {@code bootstrap} stays executable. Unchanged code thus hashes
 * to the same key and is neither uploaded nor deployed again. Symbolic links are followed, as the
 * AWS CLI follows them. Not thread-safe state: none; a pure function of the files.
 */
final class ArtifactZip {
    /** DOS time holds local fields, so this is 1980-01-01 00:00 in the archive whatever the zone. */
    private static final long EPOCH_OF_ZIP = LocalDateTime.of(1980, 1, 1, 0, 0)
            .atZone(ZoneId.systemDefault())
            .toInstant()
            .toEpochMilli();

    private ArtifactZip() {}

    /** The files under {@code dir}, paths relative to it with {@code /} between names. */
    static byte[] ofDirectory(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            files = walk.filter(Files::isRegularFile)
                    .sorted((a, b) -> name(dir, a).compareTo(name(dir, b)))
                    .toList();
        }
        return zip(dir, files);
    }

    /** A zip holding the one file {@code file} under its own name. */
    static byte[] ofFile(Path file) throws IOException {
        return zip(file.getParent(), List.of(file));
    }

    /** Whether {@code file} starts as a zip archive does (a local file header or an empty archive's end). */
    static boolean isZip(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4
                    && magic[0] == 'P'
                    && magic[1] == 'K'
                    && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
        }
    }

    private static String name(Path root, Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static byte[] zip(Path root, List<Path> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (Path file : files) {
                ZipArchiveEntry entry = new ZipArchiveEntry(name(root, file));
                entry.setTime(EPOCH_OF_ZIP);
                entry.setUnixMode(0100000 | (Files.isExecutable(file) ? 0755 : 0644));
                zip.putArchiveEntry(entry);
                Files.copy(file, zip);
                zip.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
