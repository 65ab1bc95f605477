package dev.lamina.lambda.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which bootstraps an x86-64 host can execute, and Lambda's words for those it cannot. */
class EntrypointsTest {
    private static final String SHOWN = "/var/task/bootstrap";
    private static final String NOT_FOUND = "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]";

    @TempDir
    Path dir;

    private final Entrypoints x86 = new Entrypoints(Set.of(62, 3));

    /** The first 20 bytes of a 64-bit ELF executable for {@code machine}, in the byte order given. */
    static byte[] elf(int machine, boolean bigEndian) {
        byte[] head = new byte[64];
        head[0] = 0x7f;
        head[1] = 'E';
        head[2] = 'L';
        head[3] = 'F';
        head[4] = 2; // 64-bit
        head[5] = (byte) (bigEndian ? 2 : 1);
        head[6] = 1; // version
        head[16] = 2; // ET_EXEC
        head[bigEndian ? 19 : 18] = (byte) (machine & 0xff);
        head[bigEndian ? 18 : 19] = (byte) (machine >> 8);
        return head;
    }

    private Path file(String name, byte[] content, boolean executable) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        return file;
    }

    private Optional<String> problem(Path file) {
        return x86.problem(file, SHOWN, Path::of);
    }

    @Test
    void anElfForTheHostsMachineRuns() throws IOException {
        assertEquals(Optional.empty(), problem(file("x86", elf(62, false), true)));
    }

    @Test
    void anElfForAnotherMachineIsAnExecFormatError() throws IOException {
        Optional<String> expected = Optional.of("fork/exec /var/task/bootstrap: exec format error");
        assertEquals(expected, problem(file("arm64", elf(183, false), true)));
        assertEquals(expected, problem(file("s390x", elf(22, true), true)));
        assertEquals(expected, problem(file("cut", new byte[] {0x7f, 'E', 'L', 'F', 2, 1}, true)));
    }

    @Test
    void aFileThatIsNeitherElfNorScriptIsAnExecFormatError() throws IOException {
        assertEquals(
                Optional.of("fork/exec /var/task/bootstrap: exec format error"),
                problem(file("text", "echo hi\n".getBytes(StandardCharsets.UTF_8), true)));
    }

    @Test
    void aScriptRunsWhenItsInterpreterExists() throws IOException {
        assertEquals(Optional.empty(), problem(file("sh", "#!/bin/sh\necho\n".getBytes(StandardCharsets.UTF_8), true)));
        assertEquals(
                Optional.empty(),
                problem(file("env", "#! /usr/bin/env bash\n".getBytes(StandardCharsets.UTF_8), true)));
    }

    @Test
    void aScriptWhoseInterpreterIsMissingIsNoSuchFile() throws IOException {
        Optional<String> expected = Optional.of("fork/exec /var/task/bootstrap: no such file or directory");
        assertEquals(expected, problem(file("missing", "#!/no/such/shell\n".getBytes(StandardCharsets.UTF_8), true)));
        // saved with Windows line ends: execve looks for "/bin/sh\r"
        assertEquals(expected, problem(file("crlf", "#!/bin/sh\r\necho\r\n".getBytes(StandardCharsets.UTF_8), true)));
    }

    @Test
    void aMissingOrNonExecutableBootstrapIsNotFound() throws IOException {
        assertEquals(Optional.of(NOT_FOUND), problem(file("plain", elf(62, false), false)));
        assertEquals(Optional.of(NOT_FOUND), problem(dir.resolve("absent")));
    }

    @Test
    void theInterpreterIsLookedUpWhereTheSandboxShowsIt() throws IOException {
        file("shell", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), true);
        Path script = file("script", "#!/var/task/shell\n".getBytes(StandardCharsets.UTF_8), true);
        assertEquals(
                Optional.empty(),
                x86.problem(
                        script,
                        SHOWN,
                        inside -> dir.resolve(Path.of("/var/task").relativize(Path.of(inside)))));
    }

    @Test
    void aHostOfUnknownMachineChecksNoMachine() throws IOException {
        assertEquals(
                Optional.empty(),
                new Entrypoints(Set.of()).problem(file("any", elf(183, false), true), SHOWN, Path::of));
    }
}
