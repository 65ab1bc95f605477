package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.node.NodeConfig;
import dev.lamina.storage.disk.MinimumFree;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CodeStorageExceededException;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * A node whose data directory is a small tmpfs, mounted by the test: functions that print a lot fill it,
 * the node deletes the oldest logs and keeps serving; a ballast file that logs cannot make up for puts
 * it in the low state, which {@code /health} and its log report and in which new code is refused
 * cleanly; the database survives all of it and a restart.
 */
class DiskGuardIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIB = 1 << 20;
    private static final long MIN_FREE = 24 * MIB;
    private static final String CHATTY = """
            import sys
            def handler(event, context):
                print("MARK-" + str(event["n"]))
                sys.stdout.write(("x" * 200 + "\\n") * 2000)
                return {"ok": True}
            """;

    private Path mount;
    private TestNode node;
    private final List<String> guardSaid = new CopyOnWriteArrayList<>();
    private final Logger guardLog = Logger.getLogger("dev.lamina.storage.disk.DiskGuard");
    private final Handler listener = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.INFO.intValue()) {
                guardSaid.add(r.getLevel() + " " + r.getMessage());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void mountSmallDisk() throws Exception {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root; this run is not root");
        mount = Files.createTempDirectory("lamina-disk-");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "lamina-disk-it", mount.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            Files.delete(mount);
            mount = null;
            Assumptions.abort("this host cannot mount a tmpfs: " + said);
        }
        guardLog.addHandler(listener);
    }

    @AfterEach
    void unmount() throws Exception {
        guardLog.removeHandler(listener);
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            if (mount != null) {
                Process p = new ProcessBuilder("umount", mount.toString()).start();
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor();
                }
                Files.delete(mount);
            }
        }
    }

    @Test
    void aFullDiskCostsOldLogsNotInvocationsNorTheDatabase() throws Exception {
        node = TestNode.start(
                        mount,
                        c -> c.withDisk(
                                new NodeConfig.Disk(MinimumFree.parse(MIN_FREE / MIB + "M"), OptionalInt.of(7))))
                .keepData();
        LambdaClient lambda = node.lambdaNoRetry();
        CloudWatchLogsClient logs = node.logs();
        Functions.create(lambda, "chatty", "python3.11", "app.handler", Functions.python(CHATTY));
        assertEquals("ok", health().path("disk").path("status").asText());

        // 160 invocations write ~64 MiB of logs to a 64 MiB disk that keeps 24 MiB free.
        for (int n = 0; n < 160; n++) {
            assertSucceeded(invoke(lambda, n), n);
        }
        AsyncLogs.awaitTrue(
                () -> health().path("disk").path("logBytesDeleted").asLong() > 0,
                Duration.ofSeconds(20),
                "the node deleted no logs");
        assertSucceeded(invoke(lambda, 1000), 1000);
        assertEquals(List.of(), marks(logs, "MARK-0"), "the oldest log data went first");
        assertEquals(List.of("MARK-1000"), marks(logs, "MARK-1000"), "the newest is kept");
        assertEquals("ok", health().path("disk").path("status").asText(), "old logs were enough to make room");

        // A ballast no log deletion can make up for: the disk stays low.
        Path ballast = mount.resolve("ballast");
        fill(ballast, Files.getFileStore(mount).getUsableSpace() + bytesUnder(mount.resolve("logs")) - MIN_FREE / 2);
        AsyncLogs.awaitTrue(
                () -> "low".equals(health().path("disk").path("status").asText()),
                Duration.ofSeconds(20),
                "/health never said the disk is low");
        JsonNode low = health().path("disk");
        assertTrue(low.path("freeBytes").asLong() < MIN_FREE, low.toString());
        assertEquals(MIN_FREE, low.path("minFreeBytes").asLong());
        assertFalse(low.path("lowSince").asText().isEmpty(), low.toString());
        assertTrue(
                guardSaid.stream().anyMatch(m -> m.startsWith("WARNING") && m.contains("disk is low")),
                guardSaid.toString());

        assertSucceeded(invoke(lambda, 2000), 2000);
        CodeStorageExceededException refused = assertThrows(
                CodeStorageExceededException.class,
                () -> lambda.createFunction(
                        Functions.request("late", "python3.11", "app.handler", Functions.python(CHATTY))
                                .build()));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.getMessage().contains("low on disk space"), refused.getMessage());
        assertThrows(ResourceNotFoundException.class, () -> lambda.getFunction(b -> b.functionName("late")));
        assertEquals(List.of("chatty"), names(lambda), "no half-made function");

        Files.delete(ballast);
        AsyncLogs.awaitTrue(
                () -> "ok".equals(health().path("disk").path("status").asText()),
                Duration.ofSeconds(20),
                "/health never said the disk has room again");
        assertTrue(
                guardSaid.stream().anyMatch(m -> m.startsWith("INFO") && m.contains("has room again")),
                guardSaid.toString());
        Functions.create(lambda, "late", "python3.11", "app.handler", Functions.python(CHATTY));

        node.stopNode();
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + mount.resolve("lamina.db"));
                Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            assertTrue(rs.next());
            assertEquals("ok", rs.getString(1));
        }
        node.restartNode();
        assertEquals(List.of("chatty", "late"), names(node.lambdaNoRetry()));
        assertSucceeded(invoke(node.lambdaNoRetry(), 3000), 3000);
    }

    private static InvokeResponse invoke(LambdaClient lambda, int n) {
        return lambda.invoke(b -> b.functionName("chatty").payload(SdkBytes.fromUtf8String("{\"n\":" + n + "}")));
    }

    private static void assertSucceeded(InvokeResponse r, int n) {
        assertEquals(200, r.statusCode(), "invocation " + n);
        assertNull(r.functionError(), "invocation " + n + ": " + r.payload().asUtf8String());
        assertEquals("{\"ok\": true}", r.payload().asUtf8String(), "invocation " + n);
    }

    private static List<String> marks(CloudWatchLogsClient logs, String mark) {
        return logs
                .filterLogEvents(b -> b.logGroupName("/aws/lambda/chatty").filterPattern("\"" + mark + "\""))
                .events()
                .stream()
                .map(e -> e.message().strip())
                .filter(mark::equals)
                .toList();
    }

    private static List<String> names(LambdaClient lambda) {
        return lambda.listFunctions().functions().stream()
                .map(FunctionConfiguration::functionName)
                .sorted()
                .toList();
    }

    private JsonNode health() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(node.endpoint() + "/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long bytesUnder(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }

    /**
     * Writes {@code bytes} of real data (a tmpfs does not count holes); where the disk is full for now,
     * waits for the node to delete old logs, as it does once a second.
     */
    private static void fill(Path file, long bytes) throws IOException, InterruptedException {
        byte[] chunk = new byte[(int) MIB];
        java.util.Arrays.fill(chunk, (byte) 'b');
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (out.size() < bytes) {
                ByteBuffer next = ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, bytes - out.size()));
                try {
                    out.write(next, out.size());
                } catch (IOException e) {
                    if (!String.valueOf(e.getMessage()).contains("No space left") || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }
}
