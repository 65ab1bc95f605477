package dev.lamina.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import software.amazon.awssdk.core.SdkBytes;

/** Builds deployment packages in memory, keeping unix modes (an executable bootstrap stays executable). */
public final class Zips {
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, Integer> modes = new LinkedHashMap<>();

    public static Zips of(String path, String content) {
        return new Zips().add(path, content);
    }

    public Zips add(String path, String content) {
        return add(path, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public Zips executable(String path, String content) {
        return add(path, content.getBytes(StandardCharsets.UTF_8), 0755);
    }

    public Zips add(String path, byte[] content, int mode) {
        files.put(path, content);
        modes.put(path, mode);
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
            for (var e : files.entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.getKey());
                entry.setUnixMode(0100000 | modes.get(e.getKey()));
                zip.putArchiveEntry(entry);
                zip.write(e.getValue());
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
