package dev.lamina.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real AWS CLI v2 ({@code /usr/bin/aws}) against a node, with retries off. */
public final class AwsCli {
    public static final Path AWS = Path.of("/usr/bin/aws");

    /** What one CLI run printed and how it exited. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private final String endpoint;
    private final Path home;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final Map<String, String> environment;

    /** The CLI with the key of the nodes tests start ({@link TestNode#ACCESS_KEY}). */
    public AwsCli(String endpoint, Path home) {
        this(endpoint, home, TestNode.ACCESS_KEY, TestNode.SECRET_KEY);
    }

    public AwsCli(String endpoint, Path home, String accessKeyId, String secretAccessKey) {
        this(endpoint, home, accessKeyId, secretAccessKey, Map.of());
    }

    private AwsCli(
            String endpoint, Path home, String accessKeyId, String secretAccessKey, Map<String, String> environment) {
        this.endpoint = endpoint;
        this.home = home;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.environment = Map.copyOf(environment);
    }

    /** This CLI with {@code more} in its environment as well. */
    public AwsCli withEnvironment(Map<String, String> more) {
        return new AwsCli(endpoint, home, accessKeyId, secretAccessKey, more);
    }

    /**
     * Starts the CLI with its output and errors in one pipe, for a command that runs until stopped
     * ({@code aws logs tail --follow}); the caller reads it and destroys the process.
     */
    public Process start(String... args) throws IOException {
        return command(args).redirectErrorStream(true).start();
    }

    private ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(AWS.toString());
        command.add("--endpoint-url");
        command.add(endpoint);
        command.add("--no-cli-pager");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        pb.environment().put("AWS_ACCESS_KEY_ID", accessKeyId);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        pb.environment().put("AWS_MAX_ATTEMPTS", "1");
        pb.environment().put("AWS_CONFIG_FILE", home.resolve("aws-config").toString());
        pb.environment()
                .put(
                        "AWS_SHARED_CREDENTIALS_FILE",
                        home.resolve("aws-credentials").toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(environment);
        return pb;
    }

    public static boolean available() {
        return Files.isExecutable(AWS);
    }

    public Result run(String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = command(args);
        Path out = Files.createTempFile(home, "cli-", ".out");
        Path err = Files.createTempFile(home, "cli-", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("aws " + String.join(" ", args) + " did not finish in 120 s");
        }
        Result r = new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
