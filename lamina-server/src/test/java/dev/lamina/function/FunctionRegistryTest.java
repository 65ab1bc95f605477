package dev.lamina.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.edge.AwsException;
import dev.lamina.runtime.RuntimeCatalog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function lifecycle's states, with code preparation held back by a manual executor so that
 * the in-between states can be observed (no sockets, no sleeps).
 */
class FunctionRegistryTest {
    @TempDir
    Path dir;

    private final Queue<Runnable> preparing = new ArrayDeque<>();
    private final Executor manual = preparing::add;
    private FunctionRegistry registry;

    @BeforeEach
    void setUp() {
        RuntimeCatalog runtimes = RuntimeCatalog.discover(List.of(), List.of(), Map.of());
        registry = new FunctionRegistry(
                new MemoryStore(),
                new CodeStore(dir.resolve("zips"), dir.resolve("unpacked")),
                runtimes,
                new Arns("us-east-1", "123456789012"),
                Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC),
                manual);
    }

    private static FunctionSettings settings(int timeout) {
        return new FunctionSettings(
                "provided.al2023", "h", "arn:aws:iam::123456789012:role/r", null, timeout, 128, Map.of(), 512, null);
    }

    private static byte[] zip(String content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("bootstrap"));
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return out.toByteArray();
    }

    private void runPreparation() {
        while (!preparing.isEmpty()) {
            preparing.poll().run();
        }
    }

    @Test
    void createIsPendingUntilItsCodeIsPrepared() throws Exception {
        FunctionConfig created = registry.create("f", settings(3), zip("#!/bin/sh\n"), Map.of());
        assertEquals(FunctionConfig.State.Pending, created.state());
        assertEquals("2026-01-02T03:04:05.678+0000", created.lastModified());
        assertEquals(FunctionConfig.State.Pending, registry.get("f").state());
        runPreparation();
        FunctionConfig active = registry.get("f");
        assertEquals(FunctionConfig.State.Active, active.state());
        assertNotEquals(created.revisionId(), active.revisionId());
    }

    @Test
    void anUpdateInProgressRefusesAnotherUntilItIsPrepared() throws Exception {
        registry.create("f", settings(3), zip("#!/bin/sh\n"), Map.of());
        runPreparation();
        FunctionConfig updating = registry.updateCode("f", zip("#!/bin/sh\necho 2\n"), null);
        assertEquals(FunctionConfig.UpdateStatus.InProgress, updating.lastUpdateStatus());
        AwsException conflict =
                assertThrows(AwsException.class, () -> registry.updateConfiguration("f", s -> settings(9), null));
        assertEquals(409, conflict.status());
        assertEquals("ResourceConflictException", conflict.type());
        runPreparation();
        assertEquals(FunctionConfig.UpdateStatus.Successful, registry.get("f").lastUpdateStatus());
        assertEquals(
                9,
                registry.updateConfiguration("f", s -> settings(9), null)
                        .settings()
                        .timeoutSeconds());
    }

    @Test
    void aStaleRevisionIsAPreconditionFailure() throws Exception {
        registry.create("f", settings(3), zip("#!/bin/sh\n"), Map.of());
        runPreparation();
        AwsException stale = assertThrows(
                AwsException.class, () -> registry.updateConfiguration("f", s -> settings(4), "not-the-revision"));
        assertEquals(412, stale.status());
    }

    @Test
    void listenersHearOfChangesAndDeletes() throws Exception {
        List<String> heard = new ArrayList<>();
        registry.addListener(heard::add);
        registry.create("f", settings(3), zip("#!/bin/sh\n"), Map.of());
        runPreparation();
        registry.updateConfiguration("f", s -> settings(5), null);
        runPreparation();
        registry.delete("f");
        assertEquals(List.of("f", "f"), heard);
        assertEquals(
                404, assertThrows(AwsException.class, () -> registry.get("f")).status());
    }

    /** A store in memory, as the registry sees the database. */
    private static final class MemoryStore implements FunctionStore {
        private final Map<String, FunctionConfig> functions = new HashMap<>();
        private final Map<String, Integer> reserved = new HashMap<>();

        @Override
        public void put(FunctionConfig config) {
            functions.put(config.name(), config);
        }

        @Override
        public void delete(String name) {
            functions.remove(name);
            reserved.remove(name);
        }

        @Override
        public List<FunctionConfig> all() {
            return new ArrayList<>(functions.values());
        }

        @Override
        public void putReservedConcurrency(String name, Integer value) {
            if (value == null) {
                reserved.remove(name);
            } else {
                reserved.put(name, value);
            }
        }

        @Override
        public Map<String, Integer> reservedConcurrency() {
            return Map.copyOf(reserved);
        }
    }
}
