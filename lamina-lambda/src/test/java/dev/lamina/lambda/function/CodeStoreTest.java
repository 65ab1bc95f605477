package dev.lamina.lambda.function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packages keep the data directory's layout, {@code code/<sha256>.zip}, now through the blob store. */
class CodeStoreTest {
    @TempDir
    Path dir;

    private static byte[] zip(String name, String content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private List<Path> zips() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("code"))) {
            return files.toList();
        }
    }

    @Test
    void aPackageIsStoredWhereItAlwaysWas() throws Exception {
        CodeStore code = new CodeStore(dir.resolve("code"), dir.resolve("unpacked"));
        byte[] zip = zip("app.py", "def handler(e, c): return 1\n");
        CodeRef ref = code.put(zip);
        assertEquals(List.of(dir.resolve("code").resolve(ref.sha256Hex() + ".zip")), zips());
        assertEquals(code.zipPath(ref.sha256Hex()), zips().getFirst());
        assertArrayEquals(zip, code.read(ref.sha256Hex()));
        assertTrue(code.contains(ref.sha256Hex(), "app.py"));
        assertEquals(ref, code.put(zip), "storing it again changes nothing");
    }

    @Test
    void aDataDirectoryFromBeforeTheBlobStoreStillWorks() throws Exception {
        byte[] zip = zip("index.mjs", "export const handler = async () => 1;\n");
        CodeRef ref = CodeStore.refOf(zip);
        Files.createDirectories(dir.resolve("code"));
        Files.write(dir.resolve("code").resolve(ref.sha256Hex() + ".zip"), zip);
        CodeStore code = new CodeStore(dir.resolve("code"), dir.resolve("unpacked"));
        assertArrayEquals(zip, code.read(ref.sha256Hex()));
        assertTrue(Files.isRegularFile(code.unpacked(ref.sha256Hex()).resolve("index.mjs")));
    }

    @Test
    void aPackageThatIsNotAZipIsRefusedAndLeavesNothing() throws Exception {
        CodeStore code = new CodeStore(dir.resolve("code"), dir.resolve("unpacked"));
        AwsException refused =
                assertThrows(AwsException.class, () -> code.put("not a zip".getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused.getMessage().startsWith("Could not unzip uploaded file"), refused.getMessage());
        assertEquals(List.of(), zips());
        assertThrows(
                NoSuchFileException.class,
                () -> code.read(CodeStore.refOf(new byte[1]).sha256Hex()));
    }

    /** A zip of (name, content, unix mode) entries, in order, names repeated as given. */
    private static byte[] zipOf(Object... nameContentMode) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (int i = 0; i < nameContentMode.length; i += 3) {
                ZipArchiveEntry entry = new ZipArchiveEntry((String) nameContentMode[i]);
                entry.setUnixMode((Integer) nameContentMode[i + 2]);
                zip.putArchiveEntry(entry);
                zip.write(((String) nameContentMode[i + 1]).getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static final int FILE = 0100644;
    private static final int LINK = 0120777;

    @Test
    void entriesThroughALinkOrSharingItsNameAreRefusedAndLeaveNothing() throws Exception {
        CodeStore code = new CodeStore(dir.resolve("code"), dir.resolve("unpacked"));
        for (byte[] zip : List.of(
                zipOf("evil", "/etc", LINK, "evil/passwd", "x", FILE),
                zipOf("a/b", "/etc", LINK, "a/b/c/d", "x", FILE),
                zipOf("a/b/c", "x", FILE, "a/b", "/etc", LINK),
                zipOf("app.py", "/etc/passwd", LINK, "app.py", "x", FILE),
                zipOf("app.py", "x", FILE, "app.py", "/etc/passwd", LINK),
                zipOf("evil", "/etc", LINK, "evil/", "", 040755),
                zipOf("../x", "x", FILE),
                zipOf("/x", "x", FILE))) {
            AwsException refused = assertThrows(AwsException.class, () -> code.put(zip));
            assertTrue(refused.getMessage().startsWith("Could not unzip uploaded file"), refused.getMessage());
        }
        assertEquals(List.of(), zips());
    }

    @Test
    void linksAreUnpackedAsLinksAndNothingIsWrittenThroughThem() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        CodeStore code = new CodeStore(dir.resolve("code"), dir.resolve("unpacked"));
        byte[] zip = zipOf(
                "data.txt",
                "in",
                FILE,
                "rel",
                "data.txt",
                LINK,
                "abs",
                outside.toString(),
                LINK,
                "bin/tool",
                "../data.txt",
                LINK);
        Path tree = code.unpacked(code.put(zip).sha256Hex());
        assertEquals(Path.of("data.txt"), Files.readSymbolicLink(tree.resolve("rel")));
        assertEquals(outside, Files.readSymbolicLink(tree.resolve("abs")));
        assertEquals("in", Files.readString(tree.resolve("bin/tool")));
        try (Stream<Path> left = Files.list(outside)) {
            assertEquals(List.of(), left.toList());
        }
        CodeStore.deleteTree(tree);
        assertTrue(Files.isDirectory(outside), "removing a tree removes a link, not what it points to");
    }
}
