package dev.lamina.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.apigateway.ApiGatewayService;
import dev.lamina.cloudformation.CloudFormationService;
import dev.lamina.cloudwatch.CloudWatchService;
import dev.lamina.console.Console;
import dev.lamina.console.Keys;
import dev.lamina.console.Sessions;
import dev.lamina.core.StrongRandom;
import dev.lamina.dynamodb.DynamoDbService;
import dev.lamina.edge.AccessPolicy;
import dev.lamina.edge.Authenticator;
import dev.lamina.edge.EdgeServer;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.EventLoops;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.PublicUrls;
import dev.lamina.edge.Router;
import dev.lamina.edge.auth.Presigner;
import dev.lamina.edge.auth.SessionKeys;
import dev.lamina.edge.auth.SigV4;
import dev.lamina.edge.auth.SigV4Authenticator;
import dev.lamina.edge.auth.SigV4Verifier;
import dev.lamina.edge.protocol.RestJson;
import dev.lamina.iam.IamService;
import dev.lamina.kinesis.KinesisService;
import dev.lamina.lambda.LambdaConfig;
import dev.lamina.lambda.LambdaService;
import dev.lamina.logs.LogRetention;
import dev.lamina.logs.LogStore;
import dev.lamina.logs.api.LogsApi;
import dev.lamina.s3.Multipart;
import dev.lamina.s3.ObjectStore;
import dev.lamina.s3.S3ObjectSource;
import dev.lamina.s3.Versioning;
import dev.lamina.s3.api.S3Api;
import dev.lamina.s3.notify.BucketNotifications;
import dev.lamina.s3.notify.NotificationDelivery;
import dev.lamina.s3.notify.Notifications;
import dev.lamina.scheduler.SchedulerConfig;
import dev.lamina.scheduler.SchedulerService;
import dev.lamina.spi.iam.Authorizer;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.logs.LogSink;
import dev.lamina.sqs.SqsService;
import dev.lamina.storage.Database;
import dev.lamina.storage.disk.DiskGuard;
import dev.lamina.storage.disk.DiskState;
import dev.lamina.storage.disk.FreeSpace;
import dev.lamina.storage.outbox.OutboxRelay;
import dev.lamina.storage.outbox.SqliteOutbox;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One Lamina node: opens the shared parts (database, logs, event loops), starts each service on them,
 * puts the services on the edge, and shuts everything down in order.
 */
public final class LaminaNode implements AutoCloseable {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(LaminaNode.class.getName());

    /** A console session ends after an hour unused, and after a working day whatever happens. */
    private static final Duration CONSOLE_IDLE = Duration.ofHours(1);

    private static final Duration CONSOLE_LIFETIME = Duration.ofHours(12);

    private final NodeConfig config;
    private final Database database;
    private final LogStore logs;
    private final DiskGuard disk;
    private final ScheduledExecutorService housekeeping;
    private final EventLoops loops = new EventLoops();
    private final LambdaService lambda;
    private final SqsService sqs;
    private final OutboxRelay relay;
    private final SchedulerService scheduler;
    private final KinesisService kinesis;
    private final DynamoDbService dynamodb;
    private final CloudFormationService cloudformation;
    private final EdgeServer edge;
    private final CredentialsFile.Loaded credentials;
    private final PublicUrls publicUrls;
    private final Observability observability;
    private final Console console;

    private LaminaNode(NodeConfig config) throws IOException, SQLException {
        this.config = config;
        Path data = config.dataDir();
        Files.createDirectories(data);
        this.credentials = config.auth().enabled() ? credentials(config) : null;
        ObjectMapper json = new ObjectMapper();
        Clock clock = Clock.systemUTC();
        this.database = new Database(data.resolve("lamina.db"));
        this.logs = new LogStore(data.resolve("logs"));
        this.disk = new DiskGuard(FreeSpace.of(data), config.disk().minFree(), logs::reclaim, clock);
        disk.check();
        LogRetention retention = new LogRetention(logs, config.disk().logRetentionDays(), clock);
        this.housekeeping = housekeeping(disk, retention);
        // what functions sign with: their roles' temporary credentials, live while their environments are
        SessionKeys sessions = new SessionKeys(StrongRandom.create());
        Authenticator authenticator = authenticator(credentials, sessions, config.region(), clock);
        this.publicUrls = PublicUrls.of(config.publicUrls(), config.host(), this::port);
        Presigner codeLinks = credentials == null
                ? Presigner.NONE
                : Presigner.of(
                        credentials.credentials(), config.region(), "lambda", clock, LambdaService.CODE_LINK_VALIDITY);
        SqliteOutbox outbox = new SqliteOutbox(database, clock);
        this.relay = new OutboxRelay(
                database,
                outbox,
                clock,
                "node-" + Long.toHexString(StrongRandom.create().nextLong()),
                OutboxRelay.Timing.DEFAULT);
        // built before Lambda: it reads the Embedded Metric Format in functions' log lines (decision 50)
        CloudWatchService cloudwatch = new CloudWatchService(database, clock, StrongRandom.create());
        LogSink cloudwatchLogs = cloudwatch.logSink();
        LogSink functionLogs = (group, stream, timestamp, message) -> {
            logs.append(group, stream, timestamp, message);
            cloudwatchLogs.append(group, stream, timestamp, message);
        };
        this.lambda = new LambdaService(
                new LambdaConfig(
                        data,
                        config.region(),
                        config.account(),
                        config.searchPath(),
                        config.jvmRoots(),
                        config.runtimeOverrides(),
                        config.limits(),
                        config.sandbox(),
                        config.network(),
                        config.async(),
                        nodeSdk()),
                database,
                functionLogs,
                clock,
                loops.group(),
                authenticator,
                codeLinks,
                publicUrls,
                disk,
                sessions,
                outbox);
        lambda.relayThrough(relay);
        this.observability = new Observability(config.metrics(), config.otlpEndpoint(), database, lambda, cloudwatch);
        this.scheduler = new SchedulerService(
                new SchedulerConfig(
                        config.region(), config.account(), clock, StrongRandom.create(), Duration.ofSeconds(1)),
                database,
                outbox,
                relay,
                lambda.spi());
        LogsApi logsApi = new LogsApi(logs, retention, json, config.region(), config.account());
        Router node = new Router()
                .add("GET", "/health", (r, p) -> health(json))
                .add("GET", "/metrics", (r, p) -> observability.scrape());
        List<EdgeService> services = new ArrayList<>();
        services.add(
                new EdgeService.NodeEndpoint("node", RestJson.PLAIN, Set.of(), Set.of("/health", "/metrics"), node));
        this.console = new Console(
                new Sessions(clock, StrongRandom.create(), CONSOLE_IDLE, CONSOLE_LIFETIME),
                consoleKeys(credentials),
                observability.usageStore(),
                clock);
        services.add(console.service());
        services.add(logsApi.service());
        services.addAll(lambda.services());
        this.sqs =
                new SqsService(database, clock, StrongRandom.create(), config.region(), config.account(), publicUrls);
        services.addAll(sqs.services());
        lambda.attach(sqs.messageQueues()); // event source mappings poll its queues
        this.dynamodb = new DynamoDbService(database, clock, StrongRandom.create(), config.region(), config.account());
        services.addAll(dynamodb.services());
        lambda.attach(dynamodb.tableStreams()); // stream event source mappings read its table streams
        SecureRandom random = StrongRandom.create();
        BucketNotifications bucketNotifications =
                new BucketNotifications(database, outbox, json, clock, config.region(), config.account());
        ObjectStore objects = ObjectStore.open(data, database, clock, random, config.region(), bucketNotifications);
        relay.register(BucketNotifications.TOPIC, new NotificationDelivery(lambda.spi(), sqs.messageQueues(), json));
        Notifications notifications =
                new Notifications(database, bucketNotifications, lambda.spi(), sqs.messageQueues(), objects::bucket);
        Versioning versioning = new Versioning(objects);
        lambda.attach(new S3ObjectSource(objects, versioning)); // packages given as S3Bucket/S3Key
        services.add(
                new S3Api(objects, new Multipart(objects, clock, random), versioning, notifications, config.account())
                        .service());
        services.addAll(scheduler.services());
        this.kinesis = new KinesisService(database, clock, config.region(), config.account());
        services.addAll(kinesis.services());
        lambda.attach(kinesis.dataStreams()); // stream event source mappings read its shards
        services.addAll(new ApiGatewayService(
                        database,
                        lambda.spi(),
                        publicUrls,
                        clock,
                        StrongRandom.create(),
                        config.region(),
                        config.account())
                .services());
        IamService iam = new IamService(database, clock, StrongRandom.create(), config.account());
        services.add(iam.service());
        this.cloudformation =
                new CloudFormationService(database, clock, StrongRandom.create(), config.region(), config.account());
        services.add(cloudformation.service());
        services.addAll(observability.services());
        Authorizer roles = iam.authorizer(); // what a function's role may do (decision 38)
        AccessPolicy policy =
                (principal, access) -> switch (roles.decide(principal, access.action(), access.resource())) {
                    case ALLOW -> AccessPolicy.Verdict.ALLOWED;
                    case IMPLICIT_DENY -> AccessPolicy.Verdict.NOT_ALLOWED;
                    case EXPLICIT_DENY -> AccessPolicy.Verdict.DENIED_EXPLICITLY;
                };
        this.edge = new EdgeServer(
                new InetSocketAddress(config.host(), config.port()),
                services,
                authenticator,
                policy,
                loops.group(),
                clock,
                StrongRandom.create());
    }

    /**
     * One thread that checks the data directory's free space every second (a statvfs) and applies log
     * retention every ten minutes, the first time at once. A failed round is logged and the next one
     * runs as planned.
     */
    private static ScheduledExecutorService housekeeping(DiskGuard disk, LogRetention retention) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("lamina-housekeeping").factory());
        executor.scheduleWithFixedDelay(logged("checking free disk space", disk::check), 1, 1, TimeUnit.SECONDS);
        executor.scheduleWithFixedDelay(logged("applying log retention", retention::sweep), 0, 10, TimeUnit.MINUTES);
        return executor;
    }

    private static Runnable logged(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.WARNING, what + " failed", e);
            }
        };
    }

    /**
     * The AWS SDK for JavaScript the build installed beside the node's code ({@code
     * target/nodejs-sdk/node_modules}, decision 34), or {@code null}, said in the log, when there is none.
     */
    private static Path nodeSdk() {
        try {
            Path code = Path.of(LaminaNode.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path sdk = code.getParent().resolve("nodejs-sdk/node_modules");
            if (Files.isDirectory(sdk.resolve("@aws-sdk"))) {
                return sdk;
            }
            LOG.warning("Node.js functions have no AWS SDK: " + sdk + " is missing (the build installs it with npm)");
        } catch (java.net.URISyntaxException | RuntimeException e) {
            LOG.log(
                    java.util.logging.Level.WARNING,
                    "Node.js functions have no AWS SDK: the node's code is not in a directory",
                    e);
        }
        return null;
    }

    /** The node's key: the configured one, else the data directory's, generated there at first start. */
    private static CredentialsFile.Loaded credentials(NodeConfig config) throws IOException {
        if (config.auth().credentials() != null) {
            return new CredentialsFile.Loaded(config.auth().credentials(), false);
        }
        return CredentialsFile.loadOrGenerate(config.dataDir().resolve("credentials"), StrongRandom.create());
    }

    /**
     * What signs one in to the console: the node's key, its secret compared in constant time; any key
     * when authentication is off, as the node's APIs then take anyone's requests.
     */
    private static Keys consoleKeys(CredentialsFile.Loaded credentials) {
        if (credentials == null) {
            return (id, secret) -> true;
        }
        SigV4.Credentials key = credentials.credentials();
        byte[] expected = key.secretAccessKey().getBytes(StandardCharsets.UTF_8);
        return (id, secret) ->
                id.equals(key.accessKeyId()) & MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), expected);
    }

    private static Authenticator authenticator(
            CredentialsFile.Loaded credentials, SessionKeys sessions, String region, Clock clock) {
        if (credentials == null) {
            LOG.warning("Authentication is OFF (--no-auth): the node accepts unsigned requests from anyone who"
                    + " can reach its port.");
            return Authenticator.NONE;
        }
        LOG.info("Authentication is on: AWS API requests must be signed (SigV4) with access key "
                + credentials.credentials().accessKeyId());
        return new SigV4Authenticator(new SigV4Verifier(List.of(credentials.credentials()), sessions, region, clock));
    }

    /** Builds and starts a node; returns once it answers on its port. */
    public static LaminaNode start(NodeConfig config) throws IOException, SQLException {
        LaminaNode node = new LaminaNode(config);
        try {
            node.observability.start();
            node.lambda.start(new InetSocketAddress(config.host(), node.port()));
            node.relay.recover(); // one node on its own store: what its last run claimed goes out now
            node.relay.start();
            node.scheduler.start();
            node.kinesis.start();
            node.dynamodb.start();
            node.cloudformation.start(node.edge.nodeRequests()); // stacks make resources through the services
            node.console.start(node.edge.nodeRequests()); // its pages read the node's own APIs (decision 63)
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    public int port() {
        return edge.port();
    }

    /** The node's AWS endpoint as a local client reaches it (a wildcard listen address advertises loopback). */
    public String endpoint() {
        return publicUrls.api(null);
    }

    /** Whether AWS API requests must be signed. */
    public boolean authenticates() {
        return credentials != null;
    }

    /**
     * The key this node generated in its data directory at this start, which nobody has seen yet;
     * empty when authentication is off or the key was configured or already there.
     */
    public Optional<SigV4.Credentials> generatedCredentials() {
        return credentials != null && credentials.generated()
                ? Optional.of(credentials.credentials())
                : Optional.empty();
    }

    /** The runtimes this host can run. */
    public Set<String> runtimes() {
        return lambda.runtimes();
    }

    public boolean isolated() {
        return lambda.isolated();
    }

    /** The network functions get: {@code isolated}, {@code host} or {@code none}. */
    public String network() {
        return lambda.network();
    }

    /** Where the node keeps what sandboxes read: the runtime clients and the unpacked code. */
    public Path exposedDir() {
        return lambda.exposedDir();
    }

    /** The Lambda SPI, as the node's other services reach Lambda. */
    public Lambda lambda() {
        return lambda.spi();
    }

    private HttpResponse health(ObjectMapper json) throws IOException {
        ObjectNode out = json.createObjectNode();
        out.put("status", "ready");
        out.put("isolation", lambda.isolated() ? "sandboxed" : "unisolated");
        out.put("network", lambda.network());
        int[] counts = lambda.environmentCounts();
        out.putObject("environments").put("idle", counts[0]).put("busy", counts[1]);
        var list = out.putArray("runtimes");
        lambda.runtimes().forEach(list::add);
        DiskState state = disk.state();
        ObjectNode space = out.putObject("disk")
                .put("status", state instanceof DiskState.Low ? "low" : "ok")
                .put("freeBytes", state.reading().usableBytes())
                .put("minFreeBytes", state.minFreeBytes());
        if (state instanceof DiskState.Low low) {
            space.put("lowSince", low.since().toString());
        }
        space.put("logBytesDeleted", disk.reclaimedBytes()).put("logEventsDropped", logs.droppedEvents());
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }

    /**
     * Stops taking requests, shuts the services down, then closes the event loops, the logs and the
     * database. Events still queued or running stay in the database for the next start.
     */
    @Override
    public void close() {
        sqs.close(); // first: waiting long polls answer with what they have while their connections are open
        edge.close();
        cloudformation.close();
        scheduler.close();
        kinesis.close();
        dynamodb.close();
        relay.close(); // before Lambda: its handlers queue invocations there
        lambda.close();
        observability.close(); // after Lambda: the last invocations' records, before the database closes
        loops.close();
        housekeeping.shutdownNow();
        logs.close();
        try {
            database.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
