package dev.lamina.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import software.amazon.awssdk.core.SdkBytes;

/** Builds deployment packages in memory, keeping unix modes (an executable bootstrap stays executable). */
public final class Zips {
    private record Entry(String path, byte[] content, int mode) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** Entries after the named ones, even with a name already used (as a hostile zip may hold). */
    private final List<Entry> appended = new ArrayList<>();

    public static Zips of(String path, String content) {
        return new Zips().add(path, content);
    }

    public Zips add(String path, String content) {
        return add(path, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public Zips executable(String path, String content) {
        return add(path, content.getBytes(StandardCharsets.UTF_8), 0755);
    }

    /** Adds a file, or replaces the one already added at {@code path}. */
    public Zips add(String path, byte[] content, int mode) {
        entries.put(path, new Entry(path, content, 0100000 | mode));
        return this;
    }

    /** A symbolic link entry (as {@code zip --symlinks} makes one): its content is the link's target. */
    public Zips symlink(String path, String target) {
        entries.put(path, new Entry(path, target.getBytes(StandardCharsets.UTF_8), 0120777));
        return this;
    }

    /** A file entry after all the others, even if an entry of that name is already there. */
    public Zips append(String path, String content) {
        appended.add(new Entry(path, content.getBytes(StandardCharsets.UTF_8), 0100644));
        return this;
    }

    /** Adds every file under {@code dir}, keeping their paths relative to it and their execute bits. */
    public Zips addTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = dir.relativize(p).toString();
                add(name, Files.readAllBytes(p), Files.isExecutable(p) ? 0755 : 0644);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            List<Entry> all = new ArrayList<>(entries.values());
            all.addAll(appended);
            for (Entry e : all) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.path());
                entry.setUnixMode(e.mode());
                zip.putArchiveEntry(entry);
                zip.write(e.content());
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public SdkBytes sdkBytes() {
        return SdkBytes.fromByteArray(bytes());
    }

    public Path write(Path file) {
        try {
            Files.write(file, bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
