package dev.lamina.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker for tests: Kafka's own server from Maven Central (the test classpath,
 * which Maven writes to {@code target/kafka-broker.classpath}), run as a process of its own in KRaft
 * combined mode (broker and controller in one) on free ports, its log in a temp directory that
 * {@link #close} deletes after killing it.
 */
final class KafkaBroker implements AutoCloseable {
    private static final Path CLASSPATH = Path.of("target", "kafka-broker.classpath");

    private final Path dir;
    private final Process process;
    private final String bootstrapServers;

    private KafkaBroker(Path dir, Process process, String bootstrapServers) {
        this.dir = dir;
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats a new log directory, starts the broker and returns once it answers. */
    static KafkaBroker start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("lamina-kafka-");
        try {
            int port = freePort();
            int controller = freePort();
            Path config = dir.resolve("server.properties");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            List.of(
                                    "process.roles=broker,controller",
                                    "node.id=1",
                                    "controller.quorum.voters=1@localhost:" + controller,
                                    "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controller,
                                    "advertised.listeners=PLAINTEXT://localhost:" + port,
                                    "controller.listener.names=CONTROLLER",
                                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                                    "inter.broker.listener.name=PLAINTEXT",
                                    "log.dirs=" + dir.resolve("logs"),
                                    "num.partitions=1",
                                    "offsets.topic.replication.factor=1",
                                    "offsets.topic.num.partitions=1",
                                    "transaction.state.log.replication.factor=1",
                                    "transaction.state.log.min.isr=1",
                                    "share.coordinator.state.topic.replication.factor=1",
                                    "share.coordinator.state.topic.min.isr=1",
                                    "group.initial.rebalance.delay.ms=0",
                                    "")));
            Process format = java(
                    dir,
                    "format.log",
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    Uuid.randomUuid().toString(),
                    "-c",
                    config.toString());
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException(
                        "kafka-storage format failed: " + Files.readString(dir.resolve("format.log")));
            }
            Process broker = java(dir, "broker.log", "kafka.Kafka", config.toString());
            KafkaBroker started = new KafkaBroker(dir, broker, "localhost:" + port);
            started.awaitReady();
            return started;
        } catch (IOException | InterruptedException | RuntimeException e) {
            TestNode.deleteTree(dir);
            throw e;
        }
    }

    private static Process java(Path dir, String log, String main, String... args) throws IOException {
        String classpath = Files.readString(CLASSPATH).strip();
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                classpath,
                main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile())
                .start();
    }

    private void awaitReady() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = admin()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "the broker exited: " + Files.readString(dir.resolve("broker.log")));
                }
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        close();
                        throw new IllegalStateException("the broker did not answer in 60 s", e);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) Duration.ofSeconds(30).toMillis()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TestNode.deleteTree(dir);
    }
}
