package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code .ci/run}'s own paths, run as the real script on a copy of it beside a stand-in {@code mvnw}
 * (which only records that it ran), with a {@code PATH} that holds just what each case needs and an
 * {@code apt-get} that records its calls: a fresh machine is what the script is for, and this one is
 * not fresh. The whole suite is never started here.
 */
class CiScriptIT {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path JDK25 = Path.of(System.getProperty("java.home"));

    Path work;
    Path root;
    Path bin;

    @BeforeEach
    void copyTheScript() throws IOException {
        work = Files.createTempDirectory("lamina-ci-");
        root = Files.createDirectories(work.resolve("repo"));
        Files.createDirectories(root.resolve(".ci"));
        Files.copy(ROOT.resolve(".ci/run"), root.resolve(".ci/run"));
        script(root.resolve("mvnw"), "echo \"$@\" > \"$(dirname \"$0\")/maven-ran\"");
        bin = Files.createDirectories(work.resolve("bin"));
        for (String tool : List.of("bash", "dirname", "grep", "head")) {
            Files.createSymbolicLink(
                    bin.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }
    }

    @AfterEach
    void cleanUp() {
        TestNode.deleteTree(work);
    }

    @Test
    void aMissingJdkStopsItBeforeMavenWithWhatToInstall() throws Exception {
        everyToolPresent();
        Run run = run(Map.of("JAVA_HOME", work.resolve("no-such-jdk").toString()));
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("no JDK at JAVA_HOME=" + work.resolve("no-such-jdk")), run.err());
        assertTrue(run.err().contains("temurin-25-jdk"), "says what to install: " + run.err());
        assertFalse(Files.exists(root.resolve("maven-ran")), "Maven must not start");
    }

    @Test
    void aJdkOlderThan25IsNamedAndRefused() throws Exception {
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isExecutable(jdk17.resolve("bin/java")), "no JDK 17 on this machine to stand for an old JDK");
        everyToolPresent();
        Run run = run(Map.of("JAVA_HOME", jdk17.toString()));
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("is not a JDK 25 or newer"), run.err());
        assertTrue(run.err().contains("version \"17"), "names the version found: " + run.err());
        assertFalse(Files.exists(root.resolve("maven-ran")));
    }

    @Test
    void aPackageAptCannotInstallIsNamedAndMavenNeverStarts() throws Exception {
        script(bin.resolve("apt-get"), """
                echo "$@" >> "%s"
                [ "$1" = update ] && exit 0
                echo 'E: Unable to locate package bubblewrap' >&2
                exit 100
                """.formatted(work.resolve("apt-calls")));
        Run run = run(Map.of("JAVA_HOME", JDK25.toString()));
        assertNotEquals(0, run.exit());
        String calls = Files.readString(work.resolve("apt-calls"));
        assertTrue(calls.startsWith("update"), calls);
        assertTrue(calls.contains("install -y -q --no-install-recommends"), calls);
        for (String pkg : List.of(
                "bubblewrap",
                "curl",
                "gcc",
                "libc6-dev",
                "zip",
                "socat",
                "nftables",
                "iproute2",
                "util-linux",
                "nodejs")) {
            assertTrue(calls.contains(" " + pkg), pkg + " is asked for: " + calls);
        }
        assertTrue(run.err().contains("apt-get could not install"), run.err());
        assertTrue(run.err().contains("bubblewrap"), run.err());
        assertFalse(Files.exists(root.resolve("maven-ran")));
    }

    @Test
    void anInstallThatLeavesAToolMissingIsCaught() throws Exception {
        script(bin.resolve("apt-get"), "exit 0");
        Run run = run(Map.of("JAVA_HOME", JDK25.toString()));
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("still missing after apt-get install: bubblewrap"), run.err());
        assertFalse(Files.exists(root.resolve("maven-ran")));
    }

    @Test
    void withEverythingPresentItRunsTheReadmeCommandAndNothingElse() throws Exception {
        everyToolPresent();
        script(bin.resolve("apt-get"), "echo called >> \"" + work.resolve("apt-calls") + "\"; exit 1");
        Run run = run(Map.of("JAVA_HOME", JDK25.toString()));
        assertEquals(0, run.exit(), run.err());
        assertEquals("-B verify", Files.readString(root.resolve("maven-ran")).strip());
        assertFalse(Files.exists(work.resolve("apt-calls")), "nothing to install, so no apt-get");
    }

    /** Stand-ins for the tools found through PATH (aws and python3 are looked for at /usr/bin). */
    private void everyToolPresent() throws IOException {
        for (String tool :
                List.of("bwrap", "curl", "gcc", "zip", "socat", "nft", "ip", "nsenter", "node", "npm", "go", "mcs")) {
            script(bin.resolve(tool), "exit 0");
        }
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    record Run(int exit, String err) {}

    private Run run(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                bin.resolve("bash").toString(), root.resolve(".ci/run").toString());
        pb.environment().clear();
        pb.environment().put("PATH", bin.toString());
        pb.environment().putAll(env);
        Path err = work.resolve("err");
        Process p = pb.redirectOutput(work.resolve("out").toFile())
                .redirectError(err.toFile())
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), ".ci/run hung");
        return new Run(p.exitValue(), Files.readString(err));
    }
}
