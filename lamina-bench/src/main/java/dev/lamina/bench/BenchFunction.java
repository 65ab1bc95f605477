package dev.lamina.bench;

import dev.lamina.it.Zips;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A trivial function of one runtime, as the benchmark deploys it: every handler answers
 * {@code {"ok":true}} and does nothing else, so what is measured is the node and the runtime client.
 *
 * @param label how tables name it
 * @param runtime the Lambda runtime identifier
 * @param handler the Handler setting
 * @param files the deployment package's files (a fresh marker file is added per deployed copy)
 * @param memoryMb the MemorySize setting
 */
record BenchFunction(String label, String runtime, String handler, Zips files, int memoryMb) {
    private static final String RESOURCES = "/dev/lamina/bench/functions/";

    /** The package for one deployed copy: a marker file makes each copy's code (and hash) its own. */
    byte[] zip(String copyName) {
        return files.add("bench-copy.txt", copyName).bytes();
    }

    static BenchFunction python(String runtime) {
        return new BenchFunction(runtime, runtime, "app.handler", Zips.of("app.py", resource("app.py")), 128);
    }

    static BenchFunction node(String runtime) {
        return new BenchFunction(runtime, runtime, "index.handler", Zips.of("index.js", resource("index.js")), 128);
    }

    /** A Java handler class compiled here for Java 17, so that every java runtime can load it. */
    static BenchFunction java(String runtime, Path classes) {
        try {
            byte[] hello = Files.readAllBytes(classes.resolve("example/Hello.class"));
            return new BenchFunction(
                    runtime,
                    runtime,
                    "example.Hello::handleRequest",
                    new Zips().add("example/Hello.class", hello, 0644),
                    256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** AWS's tutorial custom runtime: a shell script driving curl. */
    static BenchFunction providedShell(String runtime) {
        return new BenchFunction(
                runtime + " (sh+curl)",
                runtime,
                "bootstrap",
                new Zips().executable("bootstrap", resource("bootstrap.sh")),
                128);
    }

    /** A custom runtime in C (compiled here), the cheapest a runtime client can be. */
    static BenchFunction providedC(String runtime, Path binary) {
        try {
            return new BenchFunction(
                    runtime + " (C)",
                    runtime,
                    "bootstrap",
                    new Zips().add("bootstrap", Files.readAllBytes(binary), 0755),
                    128);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles the Java handler against the runtime's {@code aws-lambda-java-core} (shipped inside
     * the node's jar) into {@code work/java-classes}; returns that directory.
     */
    static Path compileJavaHandler(Path work) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IOException("no Java compiler in this JDK");
        }
        Path src = Files.createDirectories(work.resolve("java-src/example"));
        Path out = Files.createDirectories(work.resolve("java-classes"));
        Path core = work.resolve("aws-lambda-java-core.jar");
        try (InputStream in =
                BenchFunction.class.getResourceAsStream("/lamina/runtime/java/aws-lambda-java-core.jar")) {
            if (in == null) {
                throw new IOException("the node's jar lacks aws-lambda-java-core.jar");
            }
            Files.copy(in, core);
        }
        Path file = Files.writeString(src.resolve("Hello.java"), resource("Hello.java"));
        int rc = javac.run(
                null,
                null,
                null,
                "--release",
                "17",
                "-nowarn",
                "-cp",
                core.toString(),
                "-d",
                out.toString(),
                file.toString());
        if (rc != 0) {
            throw new IOException("javac failed on the Java handler");
        }
        return out;
    }

    /** Compiles the C custom runtime with the host's {@code cc}; returns the binary. */
    static Path compileC(Path work) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(work.resolve("c"));
        Path src = Files.writeString(dir.resolve("bootstrap.c"), resource("bootstrap.c"));
        Path bin = dir.resolve("bootstrap");
        Process cc = new ProcessBuilder(List.of("cc", "-O2", "-o", bin.toString(), src.toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
            throw new IOException("cc failed: " + output);
        }
        return bin;
    }

    static String resource(String name) {
        return text(RESOURCES + name);
    }

    /** A text resource of the benchmark's jar, by its absolute name. */
    static String text(String resource) {
        try (InputStream in = BenchFunction.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
