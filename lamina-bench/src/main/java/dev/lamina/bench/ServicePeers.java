package dev.lamina.bench;

import dev.lamina.edge.auth.SigV4;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The peers of the services benchmark, each started in a process of its own on a free loopback port
 * from what {@code lamina-bench/services} installed under {@code lamina-bench/target/services}
 * (never committed): s3rver, dynalite and kinesalite from npm (the last two on LevelDB in a directory
 * under the run's temporary one, as durable as the node's SQLite is meant to be), ElasticMQ's server
 * with its dependencies from Maven Central.
 */
final class ServicePeers {
    static final String S3RVER = "s3rver 3.7.1";
    static final String ELASTICMQ = "ElasticMQ 1.7.1";
    static final String DYNALITE = "dynalite 4.0.0";
    static final String KINESALITE = "kinesalite 3.3.3";

    /** s3rver checks only that the access key is one of its accounts' (its own, S3RVER); V4 signatures it does not verify. */
    static final SigV4.Credentials S3RVER_CREDENTIALS = new SigV4.Credentials("S3RVER", "S3RVER", null);

    /** A started peer: its process and where it answers. */
    record Peer(PeerProcess process, URI endpoint) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    private ServicePeers() {}

    static Path installed(Path root) {
        return root.resolve("lamina-bench/target/services");
    }

    /** {@code s3rver -d <dir> -a 127.0.0.1 -p <port> --silent}, its objects on disk under {@code work}. */
    static Peer s3rver(Path root, Path work) throws IOException, InterruptedException {
        Path bin = npmBin(root, "s3rver");
        Path data = Files.createDirectories(work.resolve("s3rver-data"));
        int port = PeerProcess.freePort();
        PeerProcess process = PeerProcess.start(
                "s3rver",
                List.of(
                        bin.toString(),
                        "-d",
                        data.toString(),
                        "-a",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "--silent"),
                work,
                Map.of(),
                work.resolve("s3rver.log"));
        return awaited(process, port, 30);
    }

    /**
     * {@code dynalite --port <port> --path <dir>}: DynamoDB on LevelDB under {@code work}. It checks no
     * signature, so the benchmark's own credentials do.
     */
    static Peer dynalite(Path root, Path work) throws IOException, InterruptedException {
        return onLevelDb(root, work, "dynalite");
    }

    /**
     * {@code kinesalite --port <port> --path <dir>}: Kinesis on LevelDB under {@code work}; it checks no
     * signature either.
     */
    static Peer kinesalite(Path root, Path work) throws IOException, InterruptedException {
        return onLevelDb(root, work, "kinesalite");
    }

    private static Peer onLevelDb(Path root, Path work, String name) throws IOException, InterruptedException {
        Path bin = npmBin(root, name);
        Path data = work.resolve(name + "-data");
        int port = PeerProcess.freePort();
        PeerProcess process = PeerProcess.start(
                name,
                List.of(bin.toString(), "--port", Integer.toString(port), "--path", data.toString()),
                work,
                Map.of(),
                work.resolve(name + ".log"));
        return awaited(process, port, 30);
    }

    private static Path npmBin(Path root, String name) throws IOException {
        Path bin = installed(root).resolve("node_modules/.bin/" + name);
        if (!Files.isExecutable(bin)) {
            throw new IOException(name + " is not installed at " + bin + " (lamina-bench/services installs it)");
        }
        return bin;
    }

    /**
     * ElasticMQ's server ({@code org.elasticmq.server.Main}) in a JVM of its own (this JDK, its default
     * heap), in memory, its SQS endpoint on a free port and its statistics endpoint off.
     */
    static Peer elasticMq(Path root, Path work) throws IOException, InterruptedException {
        Path lib = installed(root).resolve("elasticmq/lib");
        if (!Files.isDirectory(lib)) {
            throw new IOException("ElasticMQ is not installed at " + lib + " (lamina-bench/services installs it)");
        }
        int port = PeerProcess.freePort();
        Path config = Files.writeString(work.resolve("elasticmq.conf"), """
                include classpath("application.conf")
                node-address { protocol = http, host = "127.0.0.1", port = %d, context-path = "" }
                rest-sqs { enabled = true, bind-port = %d, bind-hostname = "127.0.0.1", sqs-limits = strict }
                rest-stats { enabled = false }
                """.formatted(port, port));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        PeerProcess process = PeerProcess.start(
                "ElasticMQ",
                List.of(java.toString(), "-Dconfig.file=" + config, "-cp", lib + "/*", "org.elasticmq.server.Main"),
                work,
                Map.of(),
                work.resolve("elasticmq.log"));
        return awaited(process, port, 90);
    }

    private static Peer awaited(PeerProcess process, int port, double timeoutSeconds)
            throws IOException, InterruptedException {
        try {
            process.awaitPort(port, timeoutSeconds);
            return new Peer(process, URI.create("http://127.0.0.1:" + port + "/"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.close();
            throw e;
        }
    }
}
