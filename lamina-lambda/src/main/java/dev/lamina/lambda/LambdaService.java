package dev.lamina.lambda;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.SessionCredentials;
import dev.lamina.core.StrongRandom;
import dev.lamina.core.Ticker;
import dev.lamina.edge.Authenticator;
import dev.lamina.edge.EdgeServer;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.PublicUrls;
import dev.lamina.edge.Router;
import dev.lamina.edge.auth.Presigner;
import dev.lamina.lambda.api.CodeLinks;
import dev.lamina.lambda.api.ConcurrencyApi;
import dev.lamina.lambda.api.EventInvokeConfigApi;
import dev.lamina.lambda.api.EventSourceMappingApi;
import dev.lamina.lambda.api.FunctionUrlApi;
import dev.lamina.lambda.api.InvokeApi;
import dev.lamina.lambda.api.LambdaAccess;
import dev.lamina.lambda.api.LambdaApi;
import dev.lamina.lambda.api.LambdaProtocol;
import dev.lamina.lambda.api.LayersApi;
import dev.lamina.lambda.api.PolicyApi;
import dev.lamina.lambda.api.ProvisionedApi;
import dev.lamina.lambda.api.StreamingInvokeApi;
import dev.lamina.lambda.api.TagsApi;
import dev.lamina.lambda.api.VersionsApi;
import dev.lamina.lambda.api.url.FunctionUrlEndpoint;
import dev.lamina.lambda.async.EventInvokeConfigs;
import dev.lamina.lambda.async.EventQueue;
import dev.lamina.lambda.async.RetryPolicy;
import dev.lamina.lambda.environment.ClassDataArchives;
import dev.lamina.lambda.environment.Entrypoints;
import dev.lamina.lambda.environment.EnvironmentContext;
import dev.lamina.lambda.environment.Spares;
import dev.lamina.lambda.esm.EventSourceMappings;
import dev.lamina.lambda.function.Aliases;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.CodePreparation;
import dev.lamina.lambda.function.CodeStore;
import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.function.FunctionRegistry;
import dev.lamina.lambda.function.Functions;
import dev.lamina.lambda.function.Permissions;
import dev.lamina.lambda.function.ProvisionedConcurrency;
import dev.lamina.lambda.function.Reservations;
import dev.lamina.lambda.function.Revisions;
import dev.lamina.lambda.function.Versions;
import dev.lamina.lambda.invoke.AsyncDispatcher;
import dev.lamina.lambda.invoke.InvocationIds;
import dev.lamina.lambda.invoke.Invoker;
import dev.lamina.lambda.layer.LayerPolicies;
import dev.lamina.lambda.layer.Layers;
import dev.lamina.lambda.pool.Environments;
import dev.lamina.lambda.runtime.RuntimeCatalog;
import dev.lamina.lambda.runtime.RuntimeFiles;
import dev.lamina.lambda.runtimeapi.RuntimeApiTransport;
import dev.lamina.lambda.sandbox.BubblewrapLauncher;
import dev.lamina.lambda.sandbox.PlainProcessLauncher;
import dev.lamina.lambda.sandbox.ProcessLauncher;
import dev.lamina.lambda.sandbox.SocketOwners;
import dev.lamina.lambda.store.SqliteCheckpointStore;
import dev.lamina.lambda.store.SqliteEventInvokeConfigStore;
import dev.lamina.lambda.store.SqliteEventQueue;
import dev.lamina.lambda.store.SqliteFunctionStore;
import dev.lamina.lambda.store.SqliteFunctionUrlStore;
import dev.lamina.lambda.store.SqliteLayerStore;
import dev.lamina.lambda.store.SqliteMappingStore;
import dev.lamina.lambda.url.FunctionUrls;
import dev.lamina.spi.dynamodb.TableStreams;
import dev.lamina.spi.kinesis.DataStreams;
import dev.lamina.spi.lambda.InvocationObserver;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.logs.LogSink;
import dev.lamina.spi.s3.ObjectSource;
import dev.lamina.spi.sqs.MessageQueues;
import dev.lamina.storage.Database;
import dev.lamina.storage.blob.FileBlobStore;
import dev.lamina.storage.disk.DiskGuard;
import dev.lamina.storage.outbox.Outbox;
import dev.lamina.storage.outbox.OutboxRelay;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * The Lambda service of a node: builds its parts (registry, invoke path, pools, sandboxes, Runtime API,
 * asynchronous queue), hands the edge its services (Lambda's API and function URLs) and other services
 * its {@link Lambda} SPI, and shuts it all down in order. The only class of the module the node sees.
 */
public final class LambdaService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LambdaService.class.getName());

    /** How long a GetFunction's Code.Location link works: ten minutes, as AWS's presigned S3 links. */
    public static final java.time.Duration CODE_LINK_VALIDITY = java.time.Duration.ofMinutes(10);

    private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final RuntimeCatalog runtimes;
    private final ProcessLauncher launcher;
    private final Path exposedDir;
    private final Environments environments;
    private final AsyncDispatcher dispatcher;
    private final Invoker invoker;
    private final Lambda spi;
    private final List<EdgeService> services;
    private final EventSourceMappings mappings;
    private final AttachedObserver observer = new AttachedObserver();
    private final SqliteEventQueue eventQueue;
    private final Clock clock;
    private volatile MessageQueues queues;
    private volatile ObjectSource objects;

    /**
     * Builds the service; nothing runs until {@link #start}.
     *
     * @param loops the node's event loops, which serve every environment's Runtime API
     * @param authenticator checks the signatures of requests to AWS_IAM function URLs
     * @param codeLinks signs GetFunction's {@code Code.Location} links
     * @param publicUrls every URL the service hands out: function URLs, code links
     * @param disk the node's guard of the data directory's free space: no new code is stored while low
     */
    public LambdaService(
            LambdaConfig config,
            Database database,
            LogSink logs,
            Clock clock,
            EventLoopGroup loops,
            Authenticator authenticator,
            Presigner codeLinks,
            PublicUrls publicUrls,
            DiskGuard disk,
            SessionCredentials credentials,
            Outbox outbox)
            throws IOException, SQLException {
        this.clock = clock;
        ObjectMapper json = new ObjectMapper();
        // A package inline in CreateFunction or PublishLayerVersion is a base64 string of up to ~50 MB
        // zipped: Jackson's default limit on a string (20 MB) would refuse a 15 MB zip.
        json.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(EdgeServer.MAX_BODY_BYTES)
                        .build());
        // Durations on the invoke path.
        Ticker ticker = Ticker.system();
        // What must be unguessable (function URL ids, environment ids, log pipe tokens) comes from a
        // SecureRandom; what needs only uniqueness and speed on any thread (request and trace ids,
        // revision ids, alias routing) from each thread's own generator.
        SecureRandom random = StrongRandom.create();
        RandomGenerator fast = () -> ThreadLocalRandom.current().nextLong();
        Path runDir = Files.createDirectories(config.dataDir().resolve("run"));
        this.runtimes = RuntimeCatalog.discover(config.searchPath(), config.jvmRoots(), config.runtimeOverrides());
        // What sandboxes read (runtime clients, unpacked code) lives where their uids can reach it;
        // the data directory may sit in a home that only its owner may enter.
        ExposedDirs.sweepStale();
        this.exposedDir = ExposedDirs.create();
        RuntimeFiles runtimeFiles = RuntimeFiles.install(
                exposedDir.resolve("runtime"), runtimes.all().values(), config.nodeSdk());
        this.launcher = chooseLauncher(config, Files.createDirectories(exposedDir.resolve("sockets")));
        Arns arns = new Arns(config.region(), config.account());
        SqliteFunctionStore store = new SqliteFunctionStore(database, json);
        CodeStore code = new CodeStore(
                new FileBlobStore(config.dataDir().resolve("code"), ".zip"), exposedDir.resolve("code"), disk::low);
        Revisions revisions = new Revisions(clock, fast);
        FunctionRegistry functions = new FunctionRegistry(
                store, code, arns, new CodePreparation(code, virtualThreads, CodePreparation.MAX_WAIT), fast);
        Functions functionChanges = new Functions(functions, store, runtimes, revisions);
        Versions versions = new Versions(functions, functionChanges, store, revisions);
        Aliases aliases = new Aliases(functions, store, revisions);
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
                ticker,
                random,
                runDir,
                new RuntimeApiTransport(loops),
                10_000, // Lambda's init limit
                2_000, // Lambda's shutdown phase: SIGTERM, then SIGKILL after this
                new Entrypoints(),
                credentials,
                observer);
        Spares spares = launcher.isolated() && config.network() != NetworkMode.NONE
                ? new Spares(ctx, exposedDir.resolve("spares"))
                : null;
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
        EventInvokeConfigs eventConfigs =
                new EventInvokeConfigs(new SqliteEventInvokeConfigStore(database, json), functions, clock);
        RetryTiming retries = config.retries();
        this.eventQueue = new SqliteEventQueue(database, outbox);
        this.dispatcher = new AsyncDispatcher(
                eventQueue,
                eventConfigs,
                functions,
                new RetryPolicy(retries.retryDelayMillis(), retries.backoffMillis(), retries.maxBackoffMillis()),
                clock,
                virtualThreads);
        this.invoker = new Invoker(
                functions, reservations, environments, dispatcher, new InvocationIds(fast, clock), observer);
        Permissions permissions = new Permissions(store, functions, functionChanges);
        this.spi = new LambdaSpi(invoker, functions, permissions);
        SqliteLayerStore layerStore = new SqliteLayerStore(database, json);
        Layers layers = new Layers(layerStore, code, arns, clock);
        FunctionUrls urls = new FunctionUrls(new SqliteFunctionUrlStore(database, json), functions, clock, random);
        FunctionUrlEndpoint urlEndpoint =
                new FunctionUrlEndpoint(urls, publicUrls, invoker, authenticator, config.region(), clock);
        CodeLinks links = new CodeLinks(publicUrls, codeLinks);
        this.mappings = new EventSourceMappings(
                new SqliteMappingStore(database, json),
                new SqliteCheckpointStore(database),
                functions,
                spi,
                json,
                clock,
                ticker,
                random);
        Router api = new Router();
        List.of(
                        new InvokeApi(invoker).router(),
                        new LambdaApi(
                                        functions,
                                        functionChanges,
                                        versions,
                                        reservations,
                                        layers,
                                        json,
                                        links,
                                        () -> objects)
                                .router(),
                        new ConcurrencyApi(functions, reservations, layers, json).router(),
                        new VersionsApi(functions, versions, aliases, json).router(),
                        new ProvisionedApi(provisioned, arns, json).router(),
                        new TagsApi(functions, functionChanges, json).router(),
                        new PolicyApi(permissions, functions, json).router(),
                        new LayersApi(
                                        layers,
                                        new LayerPolicies(layers, layerStore, revisions),
                                        json,
                                        links,
                                        () -> objects)
                                .router(),
                        new EventInvokeConfigApi(eventConfigs, arns, json).router(),
                        new FunctionUrlApi(urls, json, publicUrls).router(),
                        new StreamingInvokeApi(invoker, json).router(),
                        new EventSourceMappingApi(mappings, arns, json).router())
                .forEach(api::addAll);
        this.services = List.of(
                urlEndpoint.service(),
                new EdgeService.RestApi("lambda", "lambda", LambdaProtocol.REST_JSON, api)
                        .withAccessRules(new LambdaAccess(arns.region(), arns.account())));
    }

    /**
     * Sandboxes when the host can (Linux, root, bubblewrap, cgroups) and the operator did not turn
     * it off; otherwise plain processes, said loudly.
     */
    private static ProcessLauncher chooseLauncher(LambdaConfig config, Path socketDir) {
        if (config.sandbox()) {
            BubblewrapLauncher bwrap = BubblewrapLauncher.detect(
                    config.network() != NetworkMode.NONE,
                    config.network() == NetworkMode.ISOLATED,
                    socketDir,
                    config.nodeSdk() == null ? List.of() : List.of(config.nodeSdk()));
            if (bwrap != null) {
                LOG.info("Sandboxing functions with bubblewrap and cgroup " + bwrap.cgroupVersion() + "; network: "
                        + bwrap.network());
                return bwrap;
            }
            LOG.warning("This host cannot sandbox functions (needs Linux, root, /usr/bin/bwrap, /usr/bin/setpriv"
                    + " and cgroups): they run as plain processes, UNISOLATED, without limits.");
        } else {
            LOG.warning("Sandboxing is off (--no-sandbox): functions run as plain processes, UNISOLATED.");
        }
        return new PlainProcessLauncher();
    }

    /**
     * Starts delivering queued asynchronous invocations; functions reach the node's AWS endpoint,
     * which listens at {@code node}, from then on.
     */
    public void start(InetSocketAddress node) throws IOException {
        launcher.nodeListensAt(node);
        dispatcher.start(invoker);
        mappings.start();
    }

    /**
     * The node's queue service, which event source mappings poll and queue destinations receive; call
     * before {@link #start}.
     */
    public void attach(MessageQueues queues) {
        this.queues = queues;
        mappings.attach(queues);
    }

    /** The node's Kinesis data streams, which stream event source mappings read; call before {@link #start}. */
    public void attach(DataStreams streams) {
        mappings.attach(streams);
    }

    /** The node's DynamoDB table streams, which stream event source mappings read; call before {@link #start}. */
    public void attach(TableStreams streams) {
        mappings.attach(streams);
    }

    /** The node's S3, from which packages given as {@code S3Bucket}/{@code S3Key} are read. */
    public void attach(ObjectSource objects) {
        this.objects = objects;
    }

    /** Has {@code relay} deliver the records for queue destinations that completed events leave. */
    public void relayThrough(OutboxRelay relay) {
        relay.register(EventQueue.QUEUE_MESSAGES, entry -> {
            MessageQueues attached = queues;
            if (attached == null) {
                throw new IllegalStateException("this node has no queue service");
            }
            EventQueue.QueueMessage message = EventQueue.QueueMessage.decode(entry.payload());
            Map<String, MessageQueues.Attribute> attributes = new java.util.LinkedHashMap<>();
            message.attributes()
                    .forEach((name, a) ->
                            attributes.put(name, new MessageQueues.Attribute(a.dataType(), a.value(), null)));
            attached.send(message.queueArn(), message.body(), attributes, null, null);
        });
    }

    /** The edge services: function URLs (by Host or path) and Lambda's API (signed for {@code lambda}). */
    public List<EdgeService> services() {
        return services;
    }

    /** What other services may ask of Lambda. */
    public Lambda spi() {
        return spi;
    }

    /** The runtimes this host can run. */
    public Set<String> runtimes() {
        return runtimes.all().keySet();
    }

    /** Whether functions run sandboxed. */
    public boolean isolated() {
        return launcher.isolated();
    }

    /**
     * The network functions get: {@code isolated}, {@code host} or {@code none}; {@code host} also
     * when isolation was asked for but this host cannot give it (said at start).
     */
    public String network() {
        return launcher.network();
    }

    /** Idle and busy execution environments. */
    public int[] environmentCounts() {
        return environments.counts();
    }

    /**
     * Tells {@code observer} of every invocation's end (as its REPORT line is written) and of every
     * throttle, from the invoke path's threads: it must not block. Replaces the one attached before.
     */
    public void attach(InvocationObserver observer) {
        this.observer.attach(observer);
    }

    /** Invocations running now, of every function: Lambda's ConcurrentExecutions. */
    public int concurrentExecutions() {
        return invoker.concurrentExecutions();
    }

    /** Asynchronous invocations accepted and not yet finished (queued, waiting to retry, or running); reads the store. */
    public int asyncQueueDepth() {
        return eventQueue.size();
    }

    /**
     * How long the asynchronous event that has waited longest for an attempt has waited (since it was
     * accepted, or since its retry fell due), in milliseconds; 0 when none waits. Reads the store.
     */
    public long asyncQueueOldestAgeMillis() {
        long now = clock.millis();
        long since = eventQueue.oldestWaitingSince(now);
        return since < 0 ? 0 : now - since;
    }

    /** Where the node keeps what sandboxes read: the runtime clients and the unpacked code. */
    public Path exposedDir() {
        return exposedDir;
    }

    /**
     * Stops dispatching events and shuts every environment down. Events still queued or running stay
     * in the database for the next start.
     */
    @Override
    public void close() {
        mappings.close();
        dispatcher.close();
        environments.close();
        launcher.close();
        virtualThreads.shutdownNow();
        ExposedDirs.delete(exposedDir);
    }
}
