package dev.lamina.bench;

import dev.lamina.it.TestNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * Lamina's invoke benchmark. Starts a node in its own process ({@code ./lamina server --port 0}
 * with a temporary data directory), deploys trivial functions and measures, from outside the node:
 *
 * <ol>
 *   <li>warm synchronous Invoke latency at concurrency 1 (p50/p99/p99.9), and the node's overhead:
 *       the median latency minus that of the same runtime driven alone (see {@link #warm}); once
 *       back to back, once with a 5 ms pause after each response (sporadic traffic);
 *   <li>throughput at concurrency 16 (closed loop);
 *   <li>cold start per runtime family: first Invoke of a freshly created function, until its
 *       response.
 * </ol>
 *
 * Each load scenario warms up, then runs several times; tables show the median across runs. The
 * node is stopped and the temporary directory deleted at the end, also on Ctrl-C.
 *
 * <p>Usage: {@code lamina-bench/run [--quick] [--runs N] [--seconds S] [--warmup S] [--cold N]
 * [--concurrency C] [--only warm,paced,throughput,cold] [--node-jvm-options "..."]
 * [--node-args "..."]}.
 */
public final class InvokeBenchmark {
    static final String WARM = "warm-c1";
    static final String PACED = "warm-c1-paced";
    static final long PACE_NANOS = 5_000_000;
    static final String THROUGHPUT = "throughput";
    static final String COLD = "cold";

    private final BenchOptions options;
    private final Results results = new Results();
    private final List<String> notes = new ArrayList<>();
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private Path work;
    private volatile NodeProcess node;
    private ControlPlane control;
    private URI endpoint;

    private InvokeBenchmark(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        int rc = new InvokeBenchmark(BenchOptions.parse(args)).run();
        if (rc != 0) {
            System.exit(rc);
        }
    }

    private int run() throws Exception {
        long began = System.nanoTime();
        work = Files.createTempDirectory("lamina-bench-");
        Thread hook = new Thread(this::cleanUp, "lamina-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            System.out.println(Machine.describe());
            System.out.printf(
                    Locale.ROOT,
                    "Plan: %d runs x %.0f s per load scenario after %.0f s warm-up; %d cold starts per runtime%s%n",
                    options.runs(),
                    options.seconds(),
                    options.warmup(),
                    options.cold(),
                    options.quick() ? " (--quick)" : "");
            node = NodeProcess.start(
                    options.root(), work.resolve("data"), options.nodeJvmOptions(), options.nodeArgs(), 600);
            endpoint = node.endpoint();
            control = new ControlPlane(endpoint);
            List<String> runtimes = control.runtimes();
            String isolation = control.isolation();
            System.out.println("Node pid " + node.pid() + " at " + endpoint + " (" + isolation + ", lamina server "
                    + String.join(" ", options.nodeArgs()) + "); runtimes " + runtimes);
            notes.add("node isolation: " + isolation
                    + (options.nodeArgs().isEmpty()
                            ? ""
                            : "; node arguments: " + String.join(" ", options.nodeArgs())));
            node.recentOutput().stream()
                    .filter(l -> l.startsWith("WARNING"))
                    .forEach(l -> System.out.println("Node says: " + l));
            Functions fns = functions(runtimes);
            if (!fns.warm().isEmpty()
                    && (options.only().contains("warm")
                            || options.only().contains("paced")
                            || options.only().contains("throughput"))) {
                warmUpNode(fns.warm().getFirst());
            }
            if (options.only().contains("warm")) {
                for (BenchFunction f : fns.warm()) {
                    warm(f, WARM, 0, options.seconds());
                }
            }
            if (options.only().contains("paced")) {
                for (BenchFunction f : fns.warm()) {
                    warm(f, PACED, PACE_NANOS, options.pacedSeconds());
                }
            }
            if (options.only().contains("throughput")) {
                for (BenchFunction f : fns.throughput()) {
                    throughput(f);
                }
            }
            if (options.only().contains("cold")) {
                for (BenchFunction f : fns.cold()) {
                    cold(f);
                }
            }
        } finally {
            cleanUp();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        Summary.print(results, options, notes, (System.nanoTime() - began) / 1e9);
        return 0;
    }

    /** The functions to deploy: python and node always, Java and C where this host can build them. */
    private record Functions(List<BenchFunction> warm, List<BenchFunction> throughput, List<BenchFunction> cold) {}

    private Functions functions(List<String> runtimes) throws InterruptedException {
        BenchFunction python = runtimes.contains("python3.11")
                ? BenchFunction.python("python3.11")
                : runtimes.stream()
                        .filter(r -> r.startsWith("python"))
                        .findFirst()
                        .map(BenchFunction::python)
                        .orElse(null);
        BenchFunction nodejs = runtimes.stream()
                .filter(r -> r.startsWith("nodejs"))
                .findFirst()
                .map(BenchFunction::node)
                .orElse(null);
        List<BenchFunction> javas = new ArrayList<>();
        try {
            Path classes = BenchFunction.compileJavaHandler(work);
            for (String r : List.of("java25", "java17")) {
                if (runtimes.contains(r) && (r.equals("java25") || !options.quick())) {
                    javas.add(BenchFunction.java(r, classes));
                }
            }
        } catch (IOException e) {
            notes.add("Java cold start skipped: " + e.getMessage());
        }
        BenchFunction c = null;
        try {
            c = BenchFunction.providedC("provided.al2023", BenchFunction.compileC(work));
        } catch (IOException e) {
            notes.add("provided (C) skipped: " + e.getMessage());
        }
        BenchFunction shell =
                Files.isExecutable(Path.of("/usr/bin/curl")) ? BenchFunction.providedShell("provided.al2023") : null;
        if (shell == null) {
            notes.add("provided (sh+curl) skipped: no /usr/bin/curl");
        }
        List<BenchFunction> warm = new ArrayList<>();
        List<BenchFunction> throughput = new ArrayList<>();
        List<BenchFunction> cold = new ArrayList<>();
        for (BenchFunction f : new BenchFunction[] {python, nodejs}) {
            if (f != null) {
                warm.add(f);
                throughput.add(f);
                cold.add(f);
            }
        }
        cold.addAll(javas);
        if (shell != null) {
            cold.add(shell);
        }
        if (c != null) {
            warm.addFirst(c);
            cold.add(c);
        }
        return new Functions(warm, throughput, cold);
    }

    private static String warmName(BenchFunction f) {
        return "bench-" + f.label().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", "");
    }

    private void ensureCreated(BenchFunction f, String name) throws IOException, InterruptedException {
        try {
            control.create(name, f.runtime(), f.handler(), f.zip(name), f.memoryMb());
        } catch (IOException e) {
            if (!e.getMessage().contains("ResourceConflictException")) {
                throw e;
            }
        }
    }

    /** Lets the node's JIT compile the invoke path before anything is measured. */
    private void warmUpNode(BenchFunction f) throws IOException, InterruptedException {
        String name = warmName(f);
        ensureCreated(f, name);
        double seconds = Math.max(2, 2 * options.warmup());
        System.out.printf(Locale.ROOT, "%nwarming the node up: %.0f s of %s at concurrency 2%n", seconds, f.label());
        ClosedLoop.run(endpoint, name, 2, seconds, 50, false);
    }

    /**
     * Warm latency at concurrency 1, and what of it the node adds. Lamina's latency is measured as
     * the client sees it; then the same runtime (same command, client and handler) is run alone
     * against a minimal Runtime API ({@link RuntimeBaseline}) with the same pacing, and its round
     * trip measured. The overhead is the difference of the two medians: the edge HTTP exchange,
     * routing, admission, the environment lease, the node's Runtime API and its log pipe. The REPORT
     * lines' Duration is shown too, but not subtracted: Lamina, like Lambda, ends an invocation's
     * Duration at the runtime's next {@code /next}, after the response has gone to the caller.
     */
    private void warm(BenchFunction f, String scenario, long pauseNanos, double seconds)
            throws IOException, InterruptedException {
        String name = warmName(f);
        ensureCreated(f, name);
        String label = f.label();
        System.out.printf(
                Locale.ROOT,
                "%nwarm, concurrency 1%s: %s%s%n",
                pauseNanos > 0
                        ? String.format(Locale.ROOT, ", %.0f ms pause after each response", pauseNanos / 1e6)
                        : "",
                label,
                Machine.loadAverage());
        ClosedLoop.run(endpoint, name, 1, options.warmup(), 50, false);
        for (int run = 1; run <= options.runs(); run++) {
            long since = System.currentTimeMillis() - 1000;
            ProcessStats before = ProcessStats.of(node.pid());
            ClosedLoop.Result r = ClosedLoop.run(endpoint, name, 1, seconds, 0, true, pauseNanos);
            ProcessStats cost = ProcessStats.of(node.pid()).minus(before);
            Map<String, ControlPlane.Report> reports =
                    control.reports(name, since, r.samples().size(), 10_000);
            Histogram duration = new Histogram(ClosedLoop.HIGHEST_NANOS, 3);
            int unmatched = 0;
            for (ClosedLoop.Sample s : r.samples()) {
                ControlPlane.Report report = reports.get(s.requestId());
                if (report == null) {
                    unmatched++;
                } else {
                    duration.recordValue(Math.round(report.durationMs() * 1e6));
                }
            }
            recordLatency(scenario, label, 1, r);
            recordCost(scenario, label, 1, r, cost);
            results.add(scenario, label, 1, "duration_p50", "ms", ms(duration.getValueAtPercentile(50)));
            System.out.printf(
                    Locale.ROOT,
                    "  run %d: %6d req, %7.0f req/s, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms;"
                            + " REPORT Duration p50 %.3f ms; node %.0f µs CPU per invoke%s%n",
                    run,
                    r.requests(),
                    r.throughput(),
                    ms(r.latency().getValueAtPercentile(50)),
                    ms(r.latency().getValueAtPercentile(99)),
                    ms(r.latency().getValueAtPercentile(99.9)),
                    ms(duration.getValueAtPercentile(50)),
                    perInvoke(cost.userMillis() + cost.systemMillis(), r) * 1000,
                    (r.errors() > 0 ? ", " + r.errors() + " errors" : "")
                            + (unmatched > 0 ? ", " + unmatched + " without REPORT" : ""));
        }
        double baselineSeconds = Math.max(0.5, seconds / 4);
        try (RuntimeBaseline baseline = RuntimeBaseline.start(f, f.zip(name + "-baseline"), work)) {
            baseline.once();
            baseline.run(Math.min(1, options.warmup() / 2), pauseNanos);
            for (int run = 1; run <= options.runs(); run++) {
                Histogram h = baseline.run(baselineSeconds, pauseNanos);
                results.add(scenario, label, 1, "runtime_p50", "ms", ms(h.getValueAtPercentile(50)));
                results.add(scenario, label, 1, "runtime_p99", "ms", ms(h.getValueAtPercentile(99)));
                System.out.printf(
                        Locale.ROOT,
                        "  runtime alone, run %d: %6d events, p50 %.3f ms, p99 %.3f ms%n",
                        run,
                        h.getTotalCount(),
                        ms(h.getValueAtPercentile(50)),
                        ms(h.getValueAtPercentile(99)));
            }
        }
        results.add(
                scenario,
                label,
                1,
                "overhead_p50",
                "ms",
                results.median(scenario, label, "p50") - results.median(scenario, label, "runtime_p50"));
    }

    /** Throughput with {@code concurrency} workers in a closed loop; one environment per worker. */
    private void throughput(BenchFunction f) throws IOException, InterruptedException {
        String name = warmName(f);
        ensureCreated(f, name);
        int c = options.concurrency();
        System.out.printf(Locale.ROOT, "%nthroughput, concurrency %d: %s%s%n", c, f.label(), Machine.loadAverage());
        ClosedLoop.run(endpoint, name, c, options.warmup(), 20, false);
        for (int run = 1; run <= options.runs(); run++) {
            ProcessStats before = ProcessStats.of(node.pid());
            ClosedLoop.Result r = ClosedLoop.run(endpoint, name, c, options.seconds(), 0, false);
            ProcessStats cost = ProcessStats.of(node.pid()).minus(before);
            recordLatency(THROUGHPUT, f.label(), c, r);
            recordCost(THROUGHPUT, f.label(), c, r, cost);
            int envs = control.environmentsStarted(name);
            results.add(THROUGHPUT, f.label(), c, "environments", "count", envs);
            System.out.printf(
                    Locale.ROOT,
                    "  run %d: %6d req, %7.0f req/s, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, %d environments started;"
                            + " node %.0f µs CPU (%.0f%% kernel), %.1f context switches per invoke%s%n",
                    run,
                    r.requests(),
                    r.throughput(),
                    ms(r.latency().getValueAtPercentile(50)),
                    ms(r.latency().getValueAtPercentile(99)),
                    ms(r.latency().getValueAtPercentile(99.9)),
                    envs,
                    perInvoke(cost.userMillis() + cost.systemMillis(), r) * 1000,
                    kernelShare(cost),
                    perInvoke(cost.contextSwitches(), r),
                    r.errors() > 0 ? ", " + r.errors() + " errors" : "");
        }
    }

    private void recordCost(String scenario, String label, int c, ClosedLoop.Result r, ProcessStats cost) {
        results.add(
                scenario,
                label,
                c,
                "node_cpu",
                "us/invoke",
                perInvoke(cost.userMillis() + cost.systemMillis(), r) * 1000);
        results.add(scenario, label, c, "node_kernel_share", "%", kernelShare(cost));
        results.add(scenario, label, c, "node_context_switches", "per invoke", perInvoke(cost.contextSwitches(), r));
    }

    private static double perInvoke(double total, ClosedLoop.Result r) {
        return r.requests() + r.errors() == 0 ? Double.NaN : total / (r.requests() + r.errors());
    }

    private static double kernelShare(ProcessStats cost) {
        double all = cost.userMillis() + cost.systemMillis();
        return all == 0 ? Double.NaN : 100 * cost.systemMillis() / all;
    }

    private void recordLatency(String scenario, String label, int c, ClosedLoop.Result r) {
        results.add(scenario, label, c, "throughput", "req/s", r.throughput());
        results.add(scenario, label, c, "p50", "ms", ms(r.latency().getValueAtPercentile(50)));
        results.add(scenario, label, c, "p99", "ms", ms(r.latency().getValueAtPercentile(99)));
        results.add(scenario, label, c, "p99.9", "ms", ms(r.latency().getValueAtPercentile(99.9)));
        results.add(scenario, label, c, "errors", "count", r.errors());
    }

    /**
     * Cold start: functions are created (and Active) first; then each gets its first Invoke, one at a
     * time with a pause between, timed from writing the request until the response is read (the
     * connection is opened before). The first function of each runtime is discarded: it pays for
     * the host's file cache, which a busy node has warm.
     */
    private void cold(BenchFunction f) throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "%ncold start: %s%s%n", f.label(), Machine.loadAverage());
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= options.cold(); i++) {
            String name = warmName(f) + "-cold-" + i;
            control.create(name, f.runtime(), f.handler(), f.zip(name), f.memoryMb());
            names.add(name);
        }
        long since = System.currentTimeMillis() - 1000;
        List<ClosedLoop.Sample> samples = new ArrayList<>();
        for (String name : names) {
            Thread.sleep(300);
            samples.add(ClosedLoop.once(endpoint, name));
            if (samples.size() == 1 && f.runtime().startsWith("java")) {
                if (!node.awaitClassDataArchive(f.runtime())) {
                    notes.add(f.runtime() + ": the node made no class-data archive within 2 minutes; measured without");
                }
            }
        }
        for (int i = 0; i < names.size(); i++) {
            ClosedLoop.Sample s = samples.get(i);
            ControlPlane.Report report =
                    control.reports(names.get(i), since, 1, 5000).get(s.requestId());
            double total = ms(s.nanos());
            String extra = "";
            if (i > 0) {
                results.add(COLD, f.label(), 1, "total", "ms", total);
                if (report != null) {
                    results.add(COLD, f.label(), 1, "init_duration", "ms", report.initMs());
                    results.add(COLD, f.label(), 1, "duration", "ms", report.durationMs());
                    results.add(COLD, f.label(), 1, "after_init", "ms", total - Math.max(0, report.initMs()));
                }
            } else {
                extra = " (discarded)";
            }
            System.out.printf(
                    Locale.ROOT,
                    "  %-40s %8.1f ms  (Init Duration %s, Duration %s)%s%n",
                    names.get(i),
                    total,
                    report == null ? "?" : String.format(Locale.ROOT, "%.1f ms", report.initMs()),
                    report == null ? "?" : String.format(Locale.ROOT, "%.2f ms", report.durationMs()),
                    extra);
        }
        for (String name : names) {
            control.delete(name);
        }
        Thread.sleep(500);
    }

    /** Stops the node and deletes the temporary directory; runs once, from the end of run or Ctrl-C. */
    private void cleanUp() {
        if (!cleanedUp.compareAndSet(false, true)) {
            return;
        }
        NodeProcess n = node;
        if (n != null) {
            int forced = n.stop();
            System.out.println("\nNode stopped" + (forced > 0 ? " (" + forced + " processes killed by force)" : "."));
        }
        if (work != null) {
            try {
                TestNode.deleteTree(work);
            } catch (RuntimeException e) {
                System.err.println("Could not delete " + work + ": " + e.getMessage());
            }
        }
    }

    static double ms(double nanos) {
        return nanos / 1e6;
    }
}
