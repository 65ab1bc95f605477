package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./lamina} launcher run as a real process. Each test runs a copy of it in a directory
 * laid out as the project (modules with a pom and sources), whose {@code mvnw} stands in for the
 * build: it records its arguments and puts the node's real jar and classpath (built by this reactor)
 * where the build would. So the launcher's own choices (when to build, which JDK) are what is tested,
 * and the node it starts is the real one.
 */
class LauncherIT {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path TARGET = ROOT.resolve("lamina-node/target");
    static final String JAR = "lamina-node-0.1.0-SNAPSHOT.jar";
    static final Instant OLD = Instant.parse("2020-01-01T00:00:00Z");

    Path work;
    Path root;

    @BeforeEach
    void layOutAProject() throws IOException {
        assumeTrue(
                Files.isRegularFile(TARGET.resolve(JAR)) && Files.isDirectory(TARGET.resolve("lib")),
                "the node's jar is built by the reactor's package phase: run through ./mvnw -pl lamina-it -am verify");
        work = Files.createTempDirectory("lamina-launcher-");
        root = Files.createDirectories(work.resolve("repo"));
        Files.copy(ROOT.resolve("lamina"), root.resolve("lamina"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        for (String module : List.of("core", "spi", "storage", "edge", "logs", "lambda", "node")) {
            Path dir = Files.createDirectories(root.resolve("lamina-" + module + "/src/main"));
            Files.writeString(dir.resolve("Source.java"), "class Source {}");
            Files.writeString(dir.getParent().getParent().resolve("pom.xml"), "<project/>");
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(OLD));
            }
        }
        Files.writeString(root.resolve("mvnw"), """
                #!/bin/bash
                echo "$@" >> "%s"
                mkdir -p lamina-node/target
                cp -p "%s" lamina-node/target/
                ln -sfn "%s" lamina-node/target/lib
                """.formatted(
                        work.resolve("builds"), TARGET.resolve(JAR), TARGET.resolve("lib")));
        Files.setPosixFilePermissions(root.resolve("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void cleanUp() {
        if (work != null) {
            TestNode.deleteTree(work);
        }
    }

    @Test
    void buildsOnFirstUseThenOnlyWhenASourceChanges() throws Exception {
        Run first = launcher(Map.of(), "--version");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.err().contains("lamina: building the node..."), first.err());
        assertEquals(List.of("-q -B -pl lamina-node -am package -DskipTests -Dspotless.check.skip=true"), builds());

        Run second = launcher(Map.of(), "--version");
        assertEquals(0, second.exit(), second.err());
        assertFalse(second.err().contains("building"), "the jar is newer than every source: " + second.err());
        assertEquals(1, builds().size());

        Path source = root.resolve("lamina-lambda/src/main/Source.java");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(1)));
        Run third = launcher(Map.of(), "--version");
        assertEquals(0, third.exit(), third.err());
        assertTrue(third.err().contains("building the node"), "a changed source means a rebuild: " + third.err());
        assertEquals(2, builds().size());

        // as Maven does when only another module changed, the build left the node's jar as it was
        Run fourth = launcher(Map.of(), "--version");
        assertEquals(0, fourth.exit(), fourth.err());
        assertFalse(fourth.err().contains("building"), "one build per change: " + fourth.err());
        assertEquals(2, builds().size());
    }

    @Test
    void aFailedBuildSaysSoAndStops() throws Exception {
        Files.writeString(root.resolve("mvnw"), "#!/bin/bash\necho '[ERROR] compilation failed' >&2\nexit 1\n");
        Run run = launcher(Map.of(), "server", "--port", "0");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("[ERROR] compilation failed"), run.err());
        assertTrue(run.err().contains("lamina: building the node failed"), run.err());
    }

    @Test
    void serverHelpListsEveryFlagAndAnUnknownFlagIsAUsageError() throws Exception {
        Run help = launcher(Map.of(), "server", "--help");
        assertEquals(0, help.exit(), help.err());
        for (String flag : List.of(
                "--port", "--host", "--data-dir", "--runtime", "--idle-timeout", "--concurrency", "--no-auth")) {
            assertTrue(help.out().contains(flag), flag + " in: " + help.out());
        }
        Run unknown = launcher(Map.of(), "server", "--no-such-flag");
        assertEquals(2, unknown.exit(), unknown.out() + unknown.err());
        assertTrue(unknown.err().contains("Unknown option: '--no-such-flag'"), unknown.err());
        assertTrue(unknown.err().contains("--no-sandbox"), "it points at the flags that exist: " + unknown.err());
        assertTrue(unknown.out().isEmpty(), "nothing started: " + unknown.out());
    }

    @Test
    void withoutAJdk25ItSaysWhatToInstall() throws Exception {
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        assumeTrue(Files.isExecutable(jdk17.resolve("bin/java")), "no JDK 17 here to stand for a JDK too old");
        Path jvms = Files.createDirectories(work.resolve("jvm"));
        Files.createSymbolicLink(jvms.resolve("java-17-openjdk-amd64"), jdk17);
        Run run = launcher(
                Map.of("JAVA_HOME", jdk17.toString(), "LAMINA_JVM_DIR", jvms.toString(), "PATH", "/usr/bin:/bin"),
                "server");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("JAVA_HOME=" + jdk17 + " is not a JDK 25 or newer"), run.err());
        assertTrue(run.err().contains("needs a JDK 25 or newer and found none"), run.err());
        assertTrue(run.err().contains("temurin-25-jdk"), run.err());
        assertTrue(builds().isEmpty(), "nothing is built without a JDK");
    }

    @Test
    void findsAJdk25UnderTheJvmDirectoryWhenJavaHomeIsUnset() throws Exception {
        Path jvms = Files.createDirectories(work.resolve("jvm"));
        Files.createSymbolicLink(jvms.resolve("temurin-25"), Path.of(System.getProperty("java.home")));
        Map<String, String> env = Map.of("JAVA_HOME", "", "LAMINA_JVM_DIR", jvms.toString(), "PATH", "/usr/bin:/bin");
        Run run = launcher(env, "--version");
        assertEquals(0, run.exit(), run.err());
    }

    @Test
    void startsTheNodeWhichServesUntilSigterm() throws Exception {
        Path data = work.resolve("data");
        ProcessBuilder pb = new ProcessBuilder(
                root.resolve("lamina").toString(), "server", "--port", "0", "--data-dir", data.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("LAMINA_ACCESS_KEY_ID", TestNode.ACCESS_KEY);
        pb.environment().put("LAMINA_SECRET_ACCESS_KEY", TestNode.SECRET_KEY);
        try (NodeProcess node = NodeProcess.start(pb, work.resolve("node.out"))) {
            assertTrue(node.health().contains("\"status\":\"ready\""), node.health());
            try (var lambda = node.lambda()) {
                assertEquals(0, lambda.listFunctions().functions().size());
            }
            try (var state = Files.list(data)) {
                assertTrue(state.findAny().isPresent(), "the node keeps its state in --data-dir");
            }
            node.process().destroy();
            assertTrue(node.process().waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the node");
        }
    }

    private List<String> builds() throws IOException {
        Path file = work.resolve("builds");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    record Run(int exit, String out, String err) {}

    private Run launcher(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(concat(root.resolve("lamina").toString(), args));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Path out = work.resolve("out");
        Path err = work.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "./lamina hung");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }
}
