package dev.lamina;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.api.lambda.EventInvokeConfigApi;
import dev.lamina.api.lambda.FunctionUrlApi;
import dev.lamina.api.lambda.LambdaApi;
import dev.lamina.api.lambda.LayersApi;
import dev.lamina.api.lambda.PolicyApi;
import dev.lamina.api.lambda.ProvisionedApi;
import dev.lamina.api.lambda.StreamingInvokeApi;
import dev.lamina.api.lambda.TagsApi;
import dev.lamina.api.lambda.VersionsApi;
import dev.lamina.api.logs.LogsApi;
import dev.lamina.api.url.FunctionUrlEndpoint;
import dev.lamina.async.EventInvokeConfigs;
import dev.lamina.async.RetryPolicy;
import dev.lamina.auth.CredentialsFile;
import dev.lamina.auth.Presigner;
import dev.lamina.auth.SigV4;
import dev.lamina.auth.SigV4Verifier;
import dev.lamina.config.NodeConfig;
import dev.lamina.edge.Authenticator;
import dev.lamina.edge.EdgeServer;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import dev.lamina.environment.ClassDataArchives;
import dev.lamina.environment.EnvironmentContext;
import dev.lamina.environment.Spares;
import dev.lamina.function.Arns;
import dev.lamina.function.CodeStore;
import dev.lamina.function.FunctionConfig;
import dev.lamina.function.FunctionRegistry;
import dev.lamina.function.Permissions;
import dev.lamina.function.ProvisionedConcurrency;
import dev.lamina.function.Reservations;
import dev.lamina.invoke.AsyncDispatcher;
import dev.lamina.invoke.Invoker;
import dev.lamina.layer.Layers;
import dev.lamina.logs.LogStore;
import dev.lamina.pool.Environments;
import dev.lamina.runtime.RuntimeCatalog;
import dev.lamina.runtime.RuntimeFiles;
import dev.lamina.runtimeapi.RuntimeApiTransport;
import dev.lamina.sandbox.BubblewrapLauncher;
import dev.lamina.sandbox.PlainProcessLauncher;
import dev.lamina.sandbox.ProcessLauncher;
import dev.lamina.sandbox.SocketOwners;
import dev.lamina.store.Database;
import dev.lamina.store.SqliteEventInvokeConfigStore;
import dev.lamina.store.SqliteEventQueue;
import dev.lamina.store.SqliteFunctionStore;
import dev.lamina.store.SqliteFunctionUrlStore;
import dev.lamina.store.SqliteLayerStore;
import dev.lamina.url.FunctionUrls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** One Lamina node: wires the parts together, starts the edge, and shuts everything down in order. */
public final class LaminaNode implements AutoCloseable {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(LaminaNode.class.getName());

    /** How long a GetFunction's Code.Location link works: ten minutes, as AWS's presigned S3 links. */
    private static final Duration CODE_LINK_VALIDITY = Duration.ofMinutes(10);

    static {
        // The JDK's HTTP server delays small responses by Nagle's algorithm unless told otherwise.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final NodeConfig config;
    private final Database database;
    private final LogStore logs;
    private final Environments environments;
    private final AsyncDispatcher dispatcher;
    private final Invoker invoker;
    private final EdgeServer edge;
    private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final RuntimeApiTransport runtimeApi = new RuntimeApiTransport();
    private final RuntimeCatalog runtimes;
    private final ProcessLauncher launcher;
    private final Path exposedDir;
    private final CredentialsFile.Loaded credentials;

    private LaminaNode(NodeConfig config) throws IOException, SQLException {
        this.config = config;
        Path data = config.dataDir();
        Files.createDirectories(data);
        this.credentials = config.auth().enabled() ? credentials(config) : null;
        Path runDir = Files.createDirectories(data.resolve("run"));
        ObjectMapper json = new ObjectMapper();
        this.database = new Database(data.resolve("lamina.db"));
        this.logs = new LogStore(data.resolve("logs"));
        this.runtimes = RuntimeCatalog.discover(config.searchPath(), config.jvmRoots(), config.runtimeOverrides());
        // What sandboxes read (runtime clients, unpacked code) lives where their uids can reach it;
        // the data directory may sit in a home that only its owner may enter.
        sweepStaleExposedDirs();
        this.exposedDir = Files.createTempDirectory(
                "lamina-node-" + ProcessHandle.current().pid() + "-");
        Files.setPosixFilePermissions(exposedDir, PosixFilePermissions.fromString("rwx--x--x"));
        RuntimeFiles runtimeFiles = RuntimeFiles.install(
                exposedDir.resolve("runtime"), runtimes.all().values());
        this.launcher = chooseLauncher(config, Files.createDirectories(exposedDir.resolve("sockets")));
        Arns arns = new Arns(config.region(), config.account());
        Clock clock = Clock.systemUTC();
        SqliteFunctionStore store = new SqliteFunctionStore(database, json);
        CodeStore code = new CodeStore(data.resolve("code"), exposedDir.resolve("code"));
        FunctionRegistry functions = new FunctionRegistry(store, code, runtimes, arns, clock, virtualThreads);
        Reservations reservations =
                new Reservations(store, functions, config.limits().concurrency());
        EnvironmentContext ctx = new EnvironmentContext(
                runtimes,
                runtimeFiles,
                launcher,
                new SocketOwners(Path.of("/proc/net")),
                logs,
                arns,
                clock,
                runDir,
                runtimeApi,
                10_000, // Lambda's init limit
                2_000); // Lambda's shutdown phase: SIGTERM, then SIGKILL after this
        Spares spares = launcher.isolated() && config.network() ? new Spares(ctx, exposedDir.resolve("spares")) : null;
        this.environments = new Environments(
                ctx,
                functions,
                config.limits(),
                spares,
                new ClassDataArchives(ctx, Files.createDirectories(exposedDir.resolve("cds-training"))));
        ProvisionedConcurrency provisioned = new ProvisionedConcurrency(store, functions, reservations, clock);
        provisioned.allocateWith(new ProvisionedConcurrency.Allocation() {
            @Override
            public int ready(FunctionConfig version) {
                return environments.provisionedReady(version);
            }

            @Override
            public String failure(FunctionConfig version) {
                return environments.provisionFailure(version);
            }
        });
        environments.provisionFrom(provisioned::targets);
        SqliteEventQueue events = new SqliteEventQueue(database);
        EventInvokeConfigs eventConfigs =
                new EventInvokeConfigs(new SqliteEventInvokeConfigStore(database, json), functions, clock);
        NodeConfig.Async async = config.async();
        this.dispatcher = new AsyncDispatcher(
                events,
                eventConfigs,
                functions,
                new RetryPolicy(async.retryDelayMillis(), async.backoffMillis(), async.maxBackoffMillis()),
                clock,
                virtualThreads);
        this.invoker = new Invoker(functions, reservations, environments, dispatcher);
        Presigner codeLinks = credentials == null
                ? Presigner.NONE
                : Presigner.of(credentials.credentials(), config.region(), "lambda", clock, CODE_LINK_VALIDITY);
        Layers layers = new Layers(new SqliteLayerStore(database, json), code, arns, clock);
        LambdaApi lambda = new LambdaApi(functions, reservations, invoker, layers, json, codeLinks);
        EventInvokeConfigApi eventInvokeConfigApi = new EventInvokeConfigApi(eventConfigs, arns, json);
        LayersApi layersApi = new LayersApi(layers, json, codeLinks);
        FunctionUrls urls =
                new FunctionUrls(new SqliteFunctionUrlStore(database, json), functions, clock, new SecureRandom());
        FunctionUrlApi urlApi = new FunctionUrlApi(urls, json, this::functionUrl);
        Authenticator authenticator = authenticator(credentials, clock);
        FunctionUrlEndpoint urlEndpoint = new FunctionUrlEndpoint(urls, invoker, authenticator, config.region(), clock);
        LogsApi logsApi = new LogsApi(logs, json, config.region(), config.account());
        Router node = new Router().add("GET", "/health", (r, p) -> health(json));
        this.edge = new EdgeServer(
                config.host(),
                config.port(),
                List.of(
                        EdgeServer.Service.open("url", FunctionUrlEndpoint::accepts, urlEndpoint.router()),
                        new EdgeServer.Service("logs", LogsApi::accepts, logsApi.router()),
                        EdgeServer.Service.open("node", r -> r.rawPath().equals("/health"), node),
                        new EdgeServer.Service(
                                "lambda",
                                r -> true,
                                lambdaRoutes(
                                        lambda.router(),
                                        new VersionsApi(functions, json).router(),
                                        new ProvisionedApi(provisioned, arns, json).router(),
                                        new TagsApi(functions, json).router(),
                                        new PolicyApi(new Permissions(store, functions), functions, json).router(),
                                        layersApi.router(),
                                        eventInvokeConfigApi.router(),
                                        urlApi.router(),
                                        new StreamingInvokeApi(invoker, json).router()))),
                authenticator,
                runtimeApi.group());
    }

    /** The node's key: the configured one, else the data directory's, generated there at first start. */
    private static CredentialsFile.Loaded credentials(NodeConfig config) throws IOException {
        if (config.auth().credentials() != null) {
            return new CredentialsFile.Loaded(config.auth().credentials(), false);
        }
        return CredentialsFile.loadOrGenerate(config.dataDir().resolve("credentials"), new SecureRandom());
    }

    private static Authenticator authenticator(CredentialsFile.Loaded credentials, Clock clock) {
        if (credentials == null) {
            LOG.warning("Authentication is OFF (--no-auth): the node accepts unsigned requests from anyone who"
                    + " can reach its port.");
            return Authenticator.NONE;
        }
        LOG.info("Authentication is on: AWS API requests must be signed (SigV4) with access key "
                + credentials.credentials().accessKeyId());
        SigV4Verifier verifier = new SigV4Verifier(List.of(credentials.credentials()), clock);
        return (r, signingName) ->
                verifier.verify(r.method(), r.rawPath(), r.rawQuery(), r.headers(), r.body(), signingName);
    }

    /** Lambda's REST API: each group of operations owns its routes. */
    private static Router lambdaRoutes(Router... groups) {
        Router all = new Router();
        for (Router group : groups) {
            all.addAll(group);
        }
        return all;
    }

    /**
     * A function URL as this node serves it: {@code http://<url-id>.lambda-url.<region>.localhost:<port>/}.
     * Names under {@code localhost} reach loopback in curl and browsers without any DNS set-up.
     */
    private String functionUrl(String urlId) {
        return "http://" + urlId + ".lambda-url." + config.region() + ".localhost:" + port() + "/";
    }

    /**
     * Sandboxes when the host can (Linux, root, bubblewrap, cgroups) and the operator did not turn
     * it off; otherwise plain processes, said loudly.
     */
    private static ProcessLauncher chooseLauncher(NodeConfig config, Path socketDir) {
        if (config.sandbox()) {
            BubblewrapLauncher bwrap = BubblewrapLauncher.detect(config.network(), socketDir);
            if (bwrap != null) {
                LOG.info("Sandboxing functions with bubblewrap and cgroup " + bwrap.cgroupVersion());
                return bwrap;
            }
            LOG.warning("This host cannot sandbox functions (needs Linux, root, /usr/bin/bwrap, /usr/bin/setpriv"
                    + " and cgroups): they run as plain processes, UNISOLATED, without limits.");
        } else {
            LOG.warning("Sandboxing is off (--no-sandbox): functions run as plain processes, UNISOLATED.");
        }
        return new PlainProcessLauncher();
    }

    /** Builds and starts a node; returns once it answers on its port. */
    public static LaminaNode start(NodeConfig config) throws IOException, SQLException {
        LaminaNode node = new LaminaNode(config);
        node.dispatcher.start(node.invoker);
        return node;
    }

    public int port() {
        return edge.port();
    }

    public String endpoint() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port();
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

    public RuntimeCatalog runtimes() {
        return runtimes;
    }

    public boolean isolated() {
        return launcher.isolated();
    }

    /** Where the node keeps what sandboxes read: the runtime clients and the unpacked code. */
    public Path exposedDir() {
        return exposedDir;
    }

    private HttpResponse health(ObjectMapper json) throws IOException {
        ObjectNode out = json.createObjectNode();
        out.put("status", "ready");
        out.put("isolation", launcher.isolated() ? "sandboxed" : "unisolated");
        int[] counts = environments.counts();
        out.putObject("environments").put("idle", counts[0]).put("busy", counts[1]);
        var list = out.putArray("runtimes");
        runtimes.all().keySet().forEach(list::add);
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }

    /** Removes the directories that nodes which died without shutting down left in the temp directory. */
    private static void sweepStaleExposedDirs() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var entries = Files.list(tmp)) {
            for (Path dir : entries.toList()) {
                String[] parts = dir.getFileName().toString().split("-");
                if (parts.length == 4 && parts[0].equals("lamina") && parts[1].equals("node")) {
                    try {
                        if (ProcessHandle.of(Long.parseLong(parts[2])).isEmpty()) {
                            deleteTree(dir);
                        }
                    } catch (NumberFormatException e) {
                        // not one of ours
                    }
                }
            }
        } catch (IOException e) {
            LOG.fine("could not list " + tmp + ": " + e.getMessage());
        }
    }

    /**
     * Removes {@code dir} and what it holds. Another node may be sweeping the same dead node's
     * directory at the same time: files vanishing under the walk are not an error.
     */
    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.UncheckedIOException e) {
            LOG.fine("could not remove all of " + dir + ": " + e.getMessage());
        } catch (IOException e) {
            LOG.warning("could not remove " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Stops taking requests and dispatching events, shuts every environment down, then closes the
     * logs and the database. Events still queued or running stay in the database for the next start.
     */
    @Override
    public void close() {
        edge.close();
        dispatcher.close();
        environments.close();
        launcher.close();
        runtimeApi.close();
        logs.close();
        virtualThreads.shutdownNow();
        deleteTree(exposedDir);
        try {
            database.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
