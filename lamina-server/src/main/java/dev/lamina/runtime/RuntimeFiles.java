package dev.lamina.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Lamina's runtime interface clients, shipped inside the node's jar and written out at start-up to
 * one directory that every environment reads ({@code /var/runtime} in a sandbox).
 */
public final class RuntimeFiles {
    static final List<String> FILES = List.of(
            "python/bootstrap.py",
            "nodejs/bootstrap.mjs",
            "java/aws-lambda-java-runtime-interface-client.jar",
            "java/aws-lambda-java-core.jar",
            "java/aws-lambda-java-serialization.jar",
            "java/utils-lite.jar");

    private final Path dir;

    private RuntimeFiles(Path dir) {
        this.dir = dir;
    }

    /** Writes the clients under {@code dir}, replacing older copies. */
    public static RuntimeFiles install(Path dir) {
        try {
            for (String name : FILES) {
                Path target = dir.resolve(name);
                Files.createDirectories(target.getParent());
                try (InputStream in = RuntimeFiles.class.getResourceAsStream("/lamina/runtime/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("The node's jar lacks the runtime file " + name);
                    }
                    Path tmp = Files.createTempFile(target.getParent(), ".install-", ".tmp");
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(
                            tmp, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RuntimeFiles(dir);
    }

    public Path dir() {
        return dir;
    }

    /**
     * The command that starts a runtime for a function, in the paths the runtime sees.
     *
     * @param taskRoot where the function's unpacked code appears (its working directory)
     * @param runtimeDir where the runtime clients appear
     */
    public List<String> command(HostRuntime runtime, String handler, int memoryMb, Path taskRoot, Path runtimeDir) {
        return switch (runtime.family()) {
            case PYTHON ->
                List.of(
                        runtime.interpreter().toString(),
                        "-u",
                        runtimeDir.resolve("python/bootstrap.py").toString());
            case NODEJS ->
                List.of(
                        runtime.interpreter().toString(),
                        "--max-old-space-size=" + Math.max(64, memoryMb * 85 / 100),
                        runtimeDir.resolve("nodejs/bootstrap.mjs").toString());
            case JAVA ->
                List.of(
                        runtime.interpreter().toString(),
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-Xshare:auto",
                        "-XX:MaxHeapSize=" + Math.max(64, memoryMb * 85 / 100) + "m",
                        "-XX:-UsePerfData",
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        runtimeDir.resolve("java").toString() + "/*",
                        "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                        handler);
            case PROVIDED -> List.of(taskRoot.resolve("bootstrap").toString());
        };
    }
}
