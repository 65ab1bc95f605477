package dev.lamina.it;

import dev.lamina.edge.auth.SigV4;
import dev.lamina.node.LaminaNode;
import dev.lamina.node.NodeConfig;
import dev.lamina.spi.lambda.Lambda;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A real Lamina node on a free loopback port with its own temporary data directory, and AWS SDK
 * clients pointed at it. The node's access key is {@link #ACCESS_KEY} / {@link #SECRET_KEY}. Closing it shuts the node down (no function process survives) and deletes
 * the data directory unless {@link #keepData()} was called.
 */
public final class TestNode implements AutoCloseable {
    public static final String ACCESS_KEY = "AKIDLAMINATEST";
    public static final String SECRET_KEY = "lamina-test-secret";

    private final Path dataDir;
    private final NodeConfig config;
    private LaminaNode node;
    private LambdaClient lambda;
    private boolean keepData;

    private TestNode(Path dataDir, NodeConfig config) throws Exception {
        this.dataDir = dataDir;
        this.config = config;
        this.node = LaminaNode.start(config);
    }

    public static TestNode start() throws Exception {
        return start(c -> c);
    }

    public static TestNode start(UnaryOperator<NodeConfig> customize) throws Exception {
        return start(Files.createTempDirectory("lamina-it-"), customize);
    }

    /** Starts a node whose data lives in {@code dir} (deleted on {@link #close()} unless kept). */
    public static TestNode start(Path dir, UnaryOperator<NodeConfig> customize) throws Exception {
        NodeConfig config = customize.apply(NodeConfig.defaults(dir, System.getenv())
                .withPort(0)
                .withAuth(new NodeConfig.Auth(true, new SigV4.Credentials(ACCESS_KEY, SECRET_KEY))));
        return new TestNode(dir, config);
    }

    /** Starts a second node on the same data directory (after {@link #stopNode()}). */
    public TestNode restartNode() throws Exception {
        if (node != null) {
            stopNode();
        }
        node = LaminaNode.start(config.withPort(0));
        lambda = null;
        return this;
    }

    public void stopNode() {
        if (lambda != null) {
            lambda.close();
            lambda = null;
        }
        if (node != null) {
            node.close();
            node = null;
        }
    }

    public TestNode keepData() {
        keepData = true;
        return this;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Whether the node sandboxes its functions. */
    public boolean isolated() {
        return node.isolated();
    }

    /** Where the node keeps what sandboxes read (unpacked code, runtime clients). */
    public Path exposedDir() {
        return node.exposedDir();
    }

    public String endpoint() {
        return node.endpoint();
    }

    /** The Lambda SPI, as the node's other services reach Lambda (not through HTTP). */
    public Lambda lambdaSpi() {
        return node.lambda();
    }

    public int port() {
        return node.port();
    }

    public LambdaClient lambda() {
        if (lambda == null) {
            lambda = LambdaClient.builder()
                    .endpointOverride(URI.create(endpoint()))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(credentials())
                    .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(2)))
                    .overrideConfiguration(ClientOverrideConfiguration.builder()
                            .retryStrategy(RetryMode.STANDARD)
                            .build())
                    .build();
        }
        return lambda;
    }

    /** A Lambda client that never retries, for tests that expect an error. */
    public LambdaClient lambdaNoRetry() {
        return client(LambdaClient.builder(), URI.create(endpoint()));
    }

    /**
     * Any service's SDK client for the node at {@code endpoint}, signed with the node's key, over the
     * JDK's URL connection with a two-minute socket time-out, never retrying (a test sees each answer
     * as the node gave it). Set what else a test needs on {@code builder} first (path-style access).
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
        return builder.overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(2)))
                .build();
    }

    /** Raw HTTP requests to the node, signed with its key. */
    public SignedHttp http() {
        return new SignedHttp(endpoint(), new SigV4.Credentials(ACCESS_KEY, SECRET_KEY));
    }

    public CloudWatchLogsClient logs() {
        return CloudWatchLogsClient.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    @Override
    public void close() {
        stopNode();
        if (!keepData) {
            deleteTree(dataDir);
        }
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!Files.isSymbolicLink(p)) { // chmod would follow a link to its target
                    p.toFile().setWritable(true);
                }
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
