package dev.lamina.lambda.function;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.lambda.runtime.RuntimeCatalog;
import dev.lamina.lambda.store.SqliteFunctionStore;
import dev.lamina.storage.Database;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Lambda's function domain on one test database, wired as {@code LambdaService} wires it: the
 * registry and the classes that change it. Opening a second one on the same database and directory
 * is a node restarting on the same data.
 */
final class FunctionDomain {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);

    final SqliteFunctionStore store;
    final CodeStore code;
    final FunctionRegistry registry;
    final Functions functions;
    final Versions versions;
    final Aliases aliases;

    /**
     * @param preparer runs code preparations (a queue the test drains, so in-between states show)
     * @param random draws revision ids and alias routing
     * @param maxWait how long an invocation waits for code being prepared
     */
    FunctionDomain(Database database, Path dir, Executor preparer, RandomGenerator random, Duration maxWait) {
        store = new SqliteFunctionStore(database, new ObjectMapper());
        code = new CodeStore(dir.resolve("zips"), dir.resolve("unpacked"));
        Revisions revisions = new Revisions(CLOCK, random);
        registry = new FunctionRegistry(
                store,
                code,
                new Arns("us-east-1", "123456789012"),
                new CodePreparation(code, preparer, maxWait),
                random);
        functions = new Functions(registry, store, RuntimeCatalog.discover(List.of(), List.of(), Map.of()), revisions);
        versions = new Versions(registry, functions, store, revisions);
        aliases = new Aliases(registry, store, revisions);
    }

    static FunctionSettings settings(int timeout) {
        return new FunctionSettings(
                "provided.al2023",
                "h",
                "arn:aws:iam::123456789012:role/r",
                null,
                timeout,
                128,
                Map.of(),
                512,
                null,
                List.of());
    }

    /** A package holding one {@code bootstrap} file. */
    static byte[] zip(String content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("bootstrap"));
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
