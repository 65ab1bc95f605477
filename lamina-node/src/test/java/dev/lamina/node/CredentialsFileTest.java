package dev.lamina.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.edge.auth.SigV4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {
    @TempDir
    Path dir;

    @Test
    void generatedOnceOwnerOnlyThenReused() throws Exception {
        Path file = dir.resolve("credentials");
        CredentialsFile.Loaded first = CredentialsFile.loadOrGenerate(file, new Random(1));
        assertTrue(first.generated());
        assertTrue(first.credentials().accessKeyId().matches("LKIA[A-Z2-7]{16}"));
        assertEquals(40, first.credentials().secretAccessKey().length());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left");
        }

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        CredentialsFile.Loaded again = CredentialsFile.loadOrGenerate(file, new Random(2));
        assertFalse(again.generated());
        assertEquals(first.credentials(), again.credentials());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void readsTheDefaultProfileOfASharedCredentialsFile() throws Exception {
        Path file = Files.writeString(dir.resolve("credentials"), """
                [other]
                aws_access_key_id = NOT
                aws_secret_access_key = THIS
                [default]
                # a comment
                aws_access_key_id=AKID
                aws_secret_access_key = s3cr=t
                """);
        assertEquals(new SigV4.Credentials("AKID", "s3cr=t"), CredentialsFile.read(file));
        assertEquals(null, CredentialsFile.read(dir.resolve("missing")));
    }
}
