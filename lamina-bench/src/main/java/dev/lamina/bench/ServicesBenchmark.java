package dev.lamina.bench;

import dev.lamina.edge.auth.SigV4;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The node's S3, SQS, DynamoDB and Kinesis against their peers, on this machine, in one run
 * (docs/benchmarks.md): PutObject then GetObject of 4 KiB objects, SQS SendMessage, DynamoDB PutItem
 * then GetItem of 1 KB items and Kinesis PutRecords of 500 records of 100 bytes (to a stream of 4
 * shards), each at 16 connections, and DynamoDB Query of 100 items at 1 connection, against the node
 * ({@code ./lamina server}, a process of its own), s3rver, ElasticMQ, dynalite and kinesalite (those
 * two on LevelDB); tables and streams are created, and ACTIVE, before the runs; and on the node alone
 * the latency from PutObject's answer to the start of the function its bucket notification invokes,
 * and from SendMessage's answer to the start of the function an event source mapping invokes. Every
 * system is driven by the same client ({@link ServiceLoad}: requests signed one by one, answers
 * checked). Prints the medians with min–max beside the targets of issues 14 and 15 and writes
 * {@code lamina-bench/target/services-<date>-<time>-<commit>.{csv,txt}}. Everything started is
 * stopped and the temporary directory deleted at the end, also on failure or Ctrl-C.
 */
public final class ServicesBenchmark {
    static final String S3_PUT = "s3-put";
    static final String S3_GET = "s3-get";
    static final String SQS_SEND = "sqs-send";
    static final String DYNAMODB_PUT = "dynamodb-put";
    static final String DYNAMODB_GET = "dynamodb-get";
    static final String DYNAMODB_QUERY = "dynamodb-query";
    static final String KINESIS_PUT = "kinesis-put-records";
    static final String S3_EVENT = "s3-to-handler";
    static final String SQS_EVENT = "sqs-to-handler";
    static final String SCHEDULE_EVENT = "schedule-to-handler";
    /** One-time schedules per run of the schedule figure, due a second apart. */
    static final int SCHEDULES = 10;

    static final String LAMINA = "Lamina";

    private final ServicesOptions options;
    private final Path work;
    private final String commit;
    private final Results results = new Results();
    private final List<String> notes = new ArrayList<>();
    private final Started started = new Started();
    private final SplittableRandom random;

    private ServicesBenchmark(ServicesOptions options, Path work, SplittableRandom random) {
        this.options = options;
        this.work = work;
        this.random = random;
        this.commit = PeerBenchmark.commit(options.root());
    }

    public static void main(String[] args) throws Exception {
        ServicesOptions options = ServicesOptions.parse(args);
        Path work = Files.createTempDirectory("lamina-services-bench-");
        ServicesBenchmark bench = new ServicesBenchmark(options, work, new SplittableRandom());
        bench.started.around("services", work, bench::run);
    }

    private void run() throws IOException, InterruptedException {
        long began = System.nanoTime();
        System.out.println(Machine.describe());
        System.out.println("Node at commit " + commit);
        System.out.printf(
                Locale.ROOT,
                "Plan: %d connections, %.0f s warm-up then %d runs x %.0f s per system and operation;"
                        + " latency: %d runs x %d events after %d%n",
                options.connections(),
                options.warmup(),
                options.runs(),
                options.seconds(),
                options.runs(),
                options.events(),
                options.warmupEvents());
        NodeProcess node = started.track(NodeProcess.start(
                options.root(), Files.createDirectories(work.resolve("node-data")), "", List.of(), 180));
        ServiceApi lamina = new ServiceApi(node.endpoint(), Signing.CREDENTIALS);
        part("s3", lamina, this::s3, ServicePeers.S3RVER, ServicePeers::s3rver, ServicePeers.S3RVER_CREDENTIALS);
        part("sqs", lamina, this::sqs, ServicePeers.ELASTICMQ, ServicePeers::elasticMq, Signing.CREDENTIALS);
        part("dynamodb", lamina, this::dynamoDb, ServicePeers.DYNALITE, ServicePeers::dynalite, Signing.CREDENTIALS);
        part("kinesis", lamina, this::kinesis, ServicePeers.KINESALITE, ServicePeers::kinesalite, Signing.CREDENTIALS);
        if (options.only().contains("latency")) {
            latency(node, lamina);
        }
        ServicesSummary.print(results, options, commit, notes, (System.nanoTime() - began) / 1e9);
    }

    private interface Measurement {
        void run() throws IOException, InterruptedException;
    }

    /** One part's measurements on one system. */
    private interface Part {
        void run(String system, ServiceApi api) throws IOException, InterruptedException;
    }

    private interface PeerStart {
        ServicePeers.Peer start(Path root, Path work) throws IOException, InterruptedException;
    }

    /**
     * If {@code --only} names {@code name}: {@code part} on the node, then (unless {@code --no-peers})
     * on its peer, started for it and stopped after.
     */
    private void part(
            String name,
            ServiceApi lamina,
            Part part,
            String peerName,
            PeerStart peerStart,
            SigV4.Credentials peerCredentials)
            throws IOException, InterruptedException {
        if (!options.only().contains(name)) {
            return;
        }
        part.run(LAMINA, lamina);
        if (options.peers()) {
            peer(peerName, () -> {
                ServicePeers.Peer peer = started.track(peerStart.start(options.root(), work));
                try {
                    part.run(peerName, new ServiceApi(peer.endpoint(), peerCredentials));
                } finally {
                    started.stop(peer);
                }
            });
        }
    }

    /** Measures a peer; one that cannot be run here is left out with the reason, printed and kept in the notes. */
    private void peer(String name, Measurement measurement) throws InterruptedException {
        try {
            measurement.run();
        } catch (IOException | RuntimeException e) {
            String why = name + " left out: " + e.getMessage();
            System.out.println("  ! " + why);
            notes.add(why);
        }
    }

    private void s3(String system, ServiceApi api) throws IOException, InterruptedException {
        String bucket = "bench-objects";
        api.createBucket(bucket);
        ServiceOps.Objects objects = new ServiceOps.Objects(options.connections());
        load(
                S3_PUT,
                "S3 PutObject, 4 KiB",
                system,
                api,
                ServiceOps.put(api.endpoint(), bucket, api.credentials(), objects));
        System.out.printf(Locale.ROOT, "  (%d objects written)%n", objects.total());
        load(
                S3_GET,
                "S3 GetObject, 4 KiB",
                system,
                api,
                ServiceOps.get(api.endpoint(), bucket, api.credentials(), objects));
    }

    private void sqs(String system, ServiceApi api) throws IOException, InterruptedException {
        String url = api.createQueue("bench-send");
        load(
                SQS_SEND,
                "SQS SendMessage",
                system,
                api,
                ServiceOps.send(api.endpoint(), url, api.credentials(), options.connections()));
    }

    /**
     * Table {@code bench-items} (pk, sk): PutItem of new items, then GetItem of them, at the run's
     * connections; then the {@link ServiceOps#QUERY_ITEMS} items of one partition, written now, read by
     * Query at 1 connection.
     */
    private void dynamoDb(String system, ServiceApi api) throws IOException, InterruptedException {
        String table = "bench-items";
        api.createTable(table);
        ServiceOps.Objects items = new ServiceOps.Objects(options.connections());
        load(
                DYNAMODB_PUT,
                "DynamoDB PutItem, 1 KB",
                system,
                api,
                ServiceOps.putItem(api.endpoint(), table, api.credentials(), items));
        System.out.printf(Locale.ROOT, "  (%d items written)%n", items.total());
        load(
                DYNAMODB_GET,
                "DynamoDB GetItem, 1 KB",
                system,
                api,
                ServiceOps.getItem(api.endpoint(), table, api.credentials(), items));
        for (int i = 0; i < ServiceOps.QUERY_ITEMS; i++) {
            api.putItem(table, ServiceOps.item(ServiceOps.QUERY_PARTITION, String.format(Locale.ROOT, "%03d", i)));
        }
        load(
                DYNAMODB_QUERY,
                "DynamoDB Query of " + ServiceOps.QUERY_ITEMS + " items of 1 KB",
                system,
                api,
                ServiceOps.query(api.endpoint(), table, api.credentials()),
                1,
                1,
                "ops/s");
    }

    /** Stream {@code bench-records} of 4 shards: PutRecords of {@link ServiceOps#RECORDS_PER_PUT} records a request. */
    private void kinesis(String system, ServiceApi api) throws IOException, InterruptedException {
        String stream = "bench-records";
        api.createStream(stream, 4);
        load(
                KINESIS_PUT,
                "Kinesis PutRecords, " + ServiceOps.RECORDS_PER_PUT + " x " + ServiceOps.RECORD_SIZE + " B (records/s)",
                system,
                api,
                ServiceOps.putRecords(api.endpoint(), stream, api.credentials(), options.connections(), random.split()),
                options.connections(),
                ServiceOps.RECORDS_PER_PUT,
                "records/s");
    }

    private void load(String scenario, String title, String system, ServiceApi api, ServiceLoad.Operation operation)
            throws IOException, InterruptedException {
        load(scenario, title, system, api, operation, options.connections(), 1, "ops/s");
    }

    /**
     * A warm-up, then the runs, at {@code c} connections; a run with any error gives no figure (its
     * errors are recorded). The rate is in {@code unit}: answers a second times {@code perRequest}.
     */
    private void load(
            String scenario,
            String title,
            String system,
            ServiceApi api,
            ServiceLoad.Operation operation,
            int c,
            int perRequest,
            String unit)
            throws IOException, InterruptedException {
        heading(title + ", " + c + (c == 1 ? " connection: " : " connections: ") + system);
        ServiceLoad.Result warm = ServiceLoad.run(api.endpoint(), operation, c, options.warmup());
        System.out.printf(
                Locale.ROOT,
                "  warm-up  %9.0f %s  errors %d %s%n",
                warm.rate() * perRequest,
                unit,
                warm.errors(),
                warm.firstError());
        for (int r = 1; r <= options.runs(); r++) {
            ServiceLoad.Result run = ServiceLoad.run(api.endpoint(), operation, c, options.seconds());
            System.out.printf(
                    Locale.ROOT,
                    "  run %d    %9.0f %s  p50 %.2f ms  p99 %.2f ms  errors %d %s%n",
                    r,
                    run.rate() * perRequest,
                    unit,
                    run.p50Ms(),
                    run.p99Ms(),
                    run.errors(),
                    run.firstError());
            results.add(scenario, system, c, "errors", "count", run.errors());
            if (run.errors() > 0) {
                String why = "run " + r + ": " + run.errors() + " errors, first: " + run.firstError();
                results.fail(scenario, system, c, "rate", unit, why);
                results.fail(scenario, system, c, "p50", "ms", why);
                results.fail(scenario, system, c, "p99", "ms", why);
            } else {
                results.add(scenario, system, c, "rate", unit, run.rate() * perRequest);
                results.add(scenario, system, c, "p50", "ms", run.p50Ms());
                results.add(scenario, system, c, "p99", "ms", run.p99Ms());
            }
        }
    }

    private void latency(NodeProcess node, ServiceApi api) throws IOException, InterruptedException {
        ControlPlane control = new ControlPlane(node.endpoint());
        HandlerLatency latency =
                new HandlerLatency(control, node.endpoint(), Clock.systemUTC(), options.pauseMillis() * 1_000_000L);

        String s3Function = "bench-on-upload";
        String bucket = "bench-events";
        control.create(s3Function, "python3.11", "app.handler", HandlerLatency.functionZip(), 128);
        api.createBucket(bucket);
        api.allowS3(s3Function, bucket);
        api.notifyOnCreate(bucket, api.functionArn(s3Function));
        latencyRuns(
                node,
                S3_EVENT,
                "PutObject's answer -> handler start (bucket notification)",
                latency,
                s3Function,
                HandlerLatency.putObject(node.endpoint(), bucket));

        String sqsFunction = "bench-on-message";
        control.create(sqsFunction, "python3.11", "app.handler", HandlerLatency.functionZip(), 128);
        String url = api.createQueue("bench-events");
        api.mapQueue(api.queueArn(url), sqsFunction, 1);
        latencyRuns(
                node,
                SQS_EVENT,
                "SendMessage's answer -> handler start (event source mapping, BatchSize 1)",
                latency,
                sqsFunction,
                HandlerLatency.sendMessage(node.endpoint(), url));

        String scheduled = "bench-on-schedule";
        control.create(scheduled, "python3.11", "app.handler", HandlerLatency.functionZip(), 128);
        heading("A schedule's time -> handler start (EventBridge Scheduler at(), " + SCHEDULES + " a run): " + LAMINA);
        HandlerLatency.Run warm = latency.scheduled(api, scheduled, "warm", 2);
        System.out.printf(
                Locale.ROOT, "  warm-up  2 schedules  max %.2f ms  missing %d%n", warm.percentile(100), warm.missing());
        for (int r = 1; r <= options.runs(); r++) {
            HandlerLatency.Run run = latency.scheduled(api, scheduled, "r" + r, SCHEDULES);
            System.out.printf(
                    Locale.ROOT,
                    "  run %d    %d schedules  p50 %.2f ms  max %.2f ms  missing %d%n",
                    r,
                    SCHEDULES,
                    run.percentile(50),
                    run.percentile(100),
                    run.missing());
            if (run.missing() > 0) {
                String why = "run " + r + ": " + run.missing() + " of " + SCHEDULES + " schedules never started it";
                results.fail(SCHEDULE_EVENT, LAMINA, 1, "p50", "ms", why);
                results.fail(SCHEDULE_EVENT, LAMINA, 1, "max", "ms", why);
            } else {
                results.add(SCHEDULE_EVENT, LAMINA, 1, "p50", "ms", run.percentile(50));
                results.add(SCHEDULE_EVENT, LAMINA, 1, "max", "ms", run.percentile(100));
            }
        }
    }

    private void latencyRuns(
            NodeProcess node,
            String scenario,
            String title,
            HandlerLatency latency,
            String function,
            HandlerLatency.Source source)
            throws IOException, InterruptedException {
        heading(title + ": " + LAMINA);
        HandlerLatency.Run warm = latency.measure(function, source, "warm", options.warmupEvents());
        System.out.printf(
                Locale.ROOT,
                "  warm-up  %d events  p50 %.2f ms  max %.2f ms  missing %d %s%n",
                options.warmupEvents(),
                warm.percentile(50),
                warm.percentile(100),
                warm.missing(),
                missing(warm));
        printNodeWarnings(node, warm);
        for (int r = 1; r <= options.runs(); r++) {
            HandlerLatency.Run run = latency.measure(function, source, "r" + r, options.events());
            System.out.printf(
                    Locale.ROOT,
                    "  run %d    %d events  p50 %.2f ms  p99 %.2f ms  max %.2f ms  missing %d %s negative %d%n",
                    r,
                    options.events(),
                    run.percentile(50),
                    run.percentile(99),
                    run.percentile(100),
                    run.missing(),
                    missing(run),
                    run.negative());
            printNodeWarnings(node, run);
            results.add(scenario, LAMINA, 1, "missing", "count", run.missing());
            if (run.missing() > 0) {
                String why = "run " + r + ": " + run.missing() + " of " + options.events()
                        + " handler starts not in the logs within 30 s";
                results.fail(scenario, LAMINA, 1, "p50", "ms", why);
                results.fail(scenario, LAMINA, 1, "p99", "ms", why);
            } else {
                results.add(scenario, LAMINA, 1, "p50", "ms", run.percentile(50));
                results.add(scenario, LAMINA, 1, "p99", "ms", run.percentile(99));
            }
        }
    }

    private static String missing(HandlerLatency.Run run) {
        return run.missing() == 0
                ? ""
                : "(e.g. " + run.missingTags() + "; the function's REPORT lines since the run began: "
                        + run.invocations() + ", environments started: " + run.environments() + ")";
    }

    /** Where events went missing, what the node last said that looks like trouble (it may tell why). */
    private static void printNodeWarnings(NodeProcess node, HandlerLatency.Run run) {
        if (run.missing() > 0) {
            node.recentOutput().stream()
                    .filter(l -> l.contains("WARN") || l.contains("SEVERE") || l.contains("failed"))
                    .forEach(l -> System.out.println("    node: " + l));
        }
    }

    /** A scenario's heading, with the commit and the host's load: a busy host skews what follows. */
    private void heading(String title) {
        System.out.printf(Locale.ROOT, "%n== %s   [commit %s]%s%n", title, commit, Machine.loadAverage());
    }

    /** Writes the run's files; returns the text file. */
    static Path write(Results results, ServicesOptions options, String commit, String text) throws IOException {
        Path dir = options.root().resolve("lamina-bench/target");
        String stamp =
                "services-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + commit;
        results.writeCsv(dir.resolve(stamp + ".csv"));
        Files.writeString(dir.resolve(stamp + ".txt"), text);
        Files.copy(dir.resolve(stamp + ".csv"), dir.resolve("services.csv"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve(stamp + ".txt"), dir.resolve("services.txt"), StandardCopyOption.REPLACE_EXISTING);
        return dir.resolve(stamp + ".txt");
    }
}
