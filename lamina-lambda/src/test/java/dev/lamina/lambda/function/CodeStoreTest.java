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
}
