package dev.lamina.lambda.runtime;

import dev.lamina.lambda.LambdaErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The runtimes this host can run, found once at start-up. A Lambda runtime needs an interpreter of
 * the same version: {@code python3.11} needs a {@code python3.11}, {@code nodejs20.x} a Node.js 20,
 * {@code java17} a JDK 17, {@code ruby3.3} a {@code ruby3.3}. Explicit mappings ({@code python3.12=/usr/bin/python3}) take precedence,
 * so an operator can run a runtime on an interpreter of another version knowingly.
 */
public final class RuntimeCatalog {
    private final Map<String, HostRuntime> runtimes;

    public RuntimeCatalog(Map<String, HostRuntime> runtimes) {
        this.runtimes = Map.copyOf(runtimes);
    }

    /** Looks for interpreters in {@code searchPath} (directories) and the JDKs under {@code jvmRoots}. */
    public static RuntimeCatalog discover(List<Path> searchPath, List<Path> jvmRoots, Map<String, Path> overrides) {
        Map<String, HostRuntime> found = new TreeMap<>();
        for (String name : List.of("provided", "provided.al2", "provided.al2023")) {
            found.put(name, new HostRuntime(name, RuntimeFamily.PROVIDED, null));
        }
        for (int minor = 8; minor <= 14; minor++) {
            String runtime = "python3." + minor;
            find(searchPath, runtime)
                    .ifPresent(p -> found.put(runtime, new HostRuntime(runtime, RuntimeFamily.PYTHON, p)));
        }
        for (int minor = 2; minor <= 4; minor++) {
            String runtime = "ruby3." + minor;
            find(searchPath, runtime)
                    .ifPresent(p -> found.put(runtime, new HostRuntime(runtime, RuntimeFamily.RUBY, p)));
        }
        for (Path dir : searchPath) {
            Path node = dir.resolve("node");
            if (Files.isExecutable(node)) {
                nodeMajor(node)
                        .ifPresent(major -> found.putIfAbsent(
                                "nodejs" + major + ".x",
                                new HostRuntime("nodejs" + major + ".x", RuntimeFamily.NODEJS, node)));
            }
        }
        for (Path root : jvmRoots) {
            for (Path home : jdkHomes(root)) {
                javaMajor(home)
                        .ifPresent(major -> found.putIfAbsent(
                                "java" + major,
                                new HostRuntime("java" + major, RuntimeFamily.JAVA, home.resolve("bin/java"))));
            }
        }
        overrides.forEach((runtime, interpreter) -> {
            RuntimeFamily family = RuntimeFamily.of(runtime);
            if (family == null || family == RuntimeFamily.PROVIDED) {
                throw new IllegalArgumentException("Unknown runtime in mapping: " + runtime);
            }
            found.put(runtime, new HostRuntime(runtime, family, interpreter));
        });
        return new RuntimeCatalog(found);
    }

    public Map<String, HostRuntime> all() {
        return new LinkedHashMap<>(runtimes);
    }

    /** The runtimes Lambda creates functions with today, in the order its messages list them. */
    public static final List<String> LAMBDA_RUNTIMES = List.of(
            "nodejs20.x",
            "python3.14",
            "provided.al2023",
            "python3.12",
            "python3.13",
            "nodejs24.x",
            "nodejs22.x",
            "java25",
            "python3.10",
            "python3.11",
            "java21",
            "ruby3.3",
            "ruby3.4",
            "ruby3.2",
            "python3.8",
            "python3.9",
            "java17",
            "nodejs16.x",
            "dotnet10",
            "dotnet8",
            "java11",
            "dotnet6",
            "nodejs18.x",
            "provided.al2",
            "java8.al2");

    /**
     * Runtimes Lambda no longer creates or updates functions with. ({@code provided}, on Amazon
     * Linux 1, is retired too, but Lamina still runs it when the node has it: see the README.)
     */
    static final java.util.Set<String> RETIRED = java.util.Set.of(
            "java8",
            "go1.x",
            "ruby2.7",
            "ruby2.5",
            "nodejs14.x",
            "nodejs12.x",
            "nodejs10.x",
            "nodejs8.10",
            "nodejs6.10",
            "nodejs4.3",
            "nodejs4.3-edge",
            "nodejs",
            "python3.7",
            "python3.6",
            "python2.7",
            "dotnetcore3.1",
            "dotnetcore2.1",
            "dotnetcore2.0",
            "dotnetcore1.0",
            "provided");

    /**
     * The host runtime for {@code runtime}; an unknown or unavailable one is an
     * InvalidParameterValueException naming what is missing.
     */
    public HostRuntime require(String runtime) {
        HostRuntime found = runtimes.get(runtime);
        if (found != null) {
            return found;
        }
        if (RETIRED.contains(runtime)) {
            throw LambdaErrors.invalidParameter("The runtime parameter of " + runtime + " is no longer supported for"
                    + " creating or updating AWS Lambda functions. We recommend you use a supported runtime while"
                    + " creating or updating functions.");
        }
        RuntimeFamily family = RuntimeFamily.of(runtime);
        if (!LAMBDA_RUNTIMES.contains(runtime)) {
            throw LambdaErrors.invalidParameter("Value " + runtime
                    + " at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: "
                    + LAMBDA_RUNTIMES + " or be a valid ARN");
        }
        if (family == null) {
            throw LambdaErrors.invalidParameter("The runtime parameter of " + runtime
                    + " is not available on this Lamina node, which has no host for it. Package the function"
                    + " for provided.al2023 with a bootstrap of its own (README, \"Runtimes\"). Available"
                    + " runtimes: " + runtimes.keySet() + ".");
        }
        String needs = switch (family) {
            case PYTHON -> "a " + runtime + " interpreter";
            case NODEJS -> "Node.js " + runtime.substring(6, runtime.length() - 2);
            case JAVA -> "a JDK " + runtime.substring(4);
            case RUBY -> "a " + runtime + " interpreter";
            case PROVIDED -> "nothing";
        };
        throw LambdaErrors.invalidParameter("The runtime parameter of " + runtime
                + " is not available on this Lamina node: it needs " + needs
                + ", which was not found. Available runtimes: " + runtimes.keySet()
                + ". Install it, or map the runtime to an interpreter with --runtime " + runtime + "=PATH.");
    }

    private static Optional<Path> find(List<Path> searchPath, String executable) {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(executable);
            if (Files.isExecutable(candidate) && !candidate.toString().contains("/shims/")) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> nodeMajor(Path node) {
        try {
            Process p = new ProcessBuilder(node.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || !out.startsWith("v")) {
                return Optional.empty();
            }
            return Optional.of(Integer.parseInt(out.substring(1, out.indexOf('.'))));
        } catch (IOException | NumberFormatException | StringIndexOutOfBoundsException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static List<Path> jdkHomes(Path root) {
        List<Path> homes = new ArrayList<>();
        if (Files.isRegularFile(root.resolve("release"))) {
            homes.add(root);
            return homes;
        }
        try (Stream<Path> list = Files.list(root)) {
            list.sorted().filter(h -> Files.isRegularFile(h.resolve("release"))).forEach(homes::add);
        } catch (IOException e) {
            // no JDKs there
        }
        return homes;
    }

    private static Optional<Integer> javaMajor(Path home) {
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            return Optional.empty();
        }
        try (var in = Files.newInputStream(home.resolve("release"))) {
            Properties release = new Properties();
            release.load(in);
            String version = release.getProperty("JAVA_VERSION", "").replace("\"", "");
            String major = version.startsWith("1.") ? version.substring(2, 3) : version.split("[.+-]")[0];
            return Optional.of(Integer.parseInt(major));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
