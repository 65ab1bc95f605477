package dev.lamina.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactZipTest {
    @TempDir
    Path dir;

    @Test
    void theSameFilesMakeTheSameBytesWhateverTheirTimesAndTheOrderTheyWereWritten() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Files.writeString(a.resolve("z.py"), "z");
        Files.createDirectories(a.resolve("lib"));
        Files.writeString(a.resolve("lib/m.py"), "m");
        Files.writeString(a.resolve("app.py"), "app");
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(b.resolve("app.py"), "app");
        Files.createDirectories(b.resolve("lib"));
        Files.writeString(b.resolve("lib/m.py"), "m");
        Files.writeString(b.resolve("z.py"), "z");
        Files.setLastModifiedTime(b.resolve("app.py"), FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));

        byte[] first = ArtifactZip.ofDirectory(a);
        assertArrayEquals(first, ArtifactZip.ofDirectory(a));
        assertArrayEquals(first, ArtifactZip.ofDirectory(b));
        assertEquals(String.join(",", "app.py=app", "lib/m.py=m", "z.py=z"), entries(first));

        Files.writeString(b.resolve("z.py"), "changed");
        assertFalse(java.util.Arrays.equals(first, ArtifactZip.ofDirectory(b)));
    }

    @Test
    void anExecutableKeepsItsExecuteBits() throws Exception {
        Path bootstrap = Files.writeString(dir.resolve("bootstrap"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("data.txt"), "d");
        Map<String, Integer> modes = new LinkedHashMap<>();
        try (ZipFile zip = ZipFile.builder()
                .setSeekableByteChannel(new SeekableInMemoryByteChannel(ArtifactZip.ofDirectory(dir)))
                .get()) {
            zip.getEntries().asIterator().forEachRemaining(e -> modes.put(e.getName(), e.getUnixMode()));
        }
        assertEquals(Map.of("bootstrap", 0100755, "data.txt", 0100644), modes);
    }

    @Test
    void aFileAloneIsZippedUnderItsNameAndAZipIsKnownByItsMagic() throws Exception {
        Path file = Files.writeString(dir.resolve("handler.py"), "h");
        byte[] zip = ArtifactZip.ofFile(file);
        assertEquals("handler.py=h", entries(zip));
        Path zipped = Files.write(dir.resolve("code.zip"), zip);
        assertTrue(ArtifactZip.isZip(zipped));
        assertFalse(ArtifactZip.isZip(file));
    }

    static String entries(byte[] zip) throws Exception {
        StringBuilder out = new StringBuilder();
        try (var in = new ZipArchiveInputStream(new ByteArrayInputStream(zip))) {
            for (ZipArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                out.append(out.isEmpty() ? "" : ",")
                        .append(e.getName())
                        .append('=')
                        .append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }
}
