package dev.lamina.bench;

import dev.lamina.it.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lamina against its peers, on this machine, in one run (docs/benchmarks.md): workerd,
 * serverless-offline 13 (HTTP API and its Invoke endpoint), lambda-local (in process and its CLI), and
 * Lamina (a Node and a Python handler, through a function URL and the Invoke API). Each system is
 * started alone, probed (status 200, body {@code {"ok":true}}), cold-started, loaded with wrk at 1, 16
 * and 64 connections (warm-up, then several runs; medians), its memory read, and stopped before the
 * next starts. Prints one table with Lamina/peer ratios and the targets of issue 5; writes it as CSV
 * and draws it as a PNG under lamina-bench/target. Everything started is stopped at the end, also on
 * failure or Ctrl-C.
 */
public final class PeerBenchmark {
    private final PeerOptions options;
    private final Results results = new Results();
    private final Comparison comparison = new Comparison(results);
    private final Started started = new Started();
    private final Path work;
    /** The commit measured, taken before the run (the node is built from the work tree as it is then). */
    private final String commit;

    private PeerBenchmark(PeerOptions options, Path work) {
        this.options = options;
        this.work = work;
        this.commit = commit(options.root());
    }

    public static void main(String[] args) throws Exception {
        PeerOptions options = PeerOptions.parse(args);
        if (!Wrk.available()) {
            throw new IllegalStateException("wrk is missing: apt-get install wrk");
        }
        Path work = options.out().resolve("peers-work");
        TestNode.deleteTree(work);
        Files.createDirectories(work);
        PeerBenchmark bench = new PeerBenchmark(options, work);
        bench.started.around("peers", work, bench::run);
    }

    private void run() throws IOException, InterruptedException {
        long began = System.nanoTime();
        System.out.println(Machine.describe());
        System.out.println("Node at commit " + commit);
        System.out.printf(
                Locale.ROOT,
                "Plan: wrk at %s connections, %d runs x %.0f s after %.0f s warm-up each; %d cold starts per system%n",
                options.connections(),
                options.runs(),
                options.seconds(),
                options.warmup(),
                options.cold());
        LaminaRows lamina = new LaminaRows(this);
        PeerRows peers = new PeerRows(this);
        lamina.declare();
        peers.declare();
        if (options.only().contains("lamina")) {
            lamina.measure();
        }
        peers.measure();
        print((System.nanoTime() - began) / 1e9);
    }

    PeerOptions options() {
        return options;
    }

    Results results() {
        return results;
    }

    Comparison comparison() {
        return comparison;
    }

    Path work() {
        return work;
    }

    /** Remembers something started, so that it is stopped at the end whatever happens. */
    <T extends AutoCloseable> T track(T process) {
        return started.track(process);
    }

    /** Stops something started now (and forgets it). */
    void stop(AutoCloseable process) {
        started.stop(process);
    }

    /**
     * The load: probe the target, then per load level a warm-up and the measured runs. wrk gives
     * the throughput at every level; at one connection each run also gives latency, timed by the
     * benchmark's own client ({@link OneConnection}) right after wrk's run. At more connections only
     * throughput (closed-loop latency at 64 connections mostly measures queueing).
     */
    void load(Target target) throws IOException, InterruptedException {
        Probe.once(target);
        String label = target.label();
        for (int c : options.connections()) {
            System.out.printf(
                    Locale.ROOT, "  %s, %d connection%s%s%n", label, c, c == 1 ? "" : "s", Machine.loadAverage());
            warmUp(target, c);
            for (int run = 1; run <= options.runs(); run++) {
                LoadRun r = Wrk.run(target, c, options.seconds(), work);
                record(label, c, "rps_" + c, "req/s", r.throughput(), r, run);
                String line = String.format(
                        Locale.ROOT, "    run %d: %8.0f req/s (wrk: %s)", run, r.throughput(), latencies(r));
                if (c == 1) {
                    LoadRun one = OneConnection.run(target, options.seconds());
                    record(label, c, "p50", "ms", one.p50(), one, run);
                    record(label, c, "p99", "ms", one.p99(), one, run);
                    record(label, c, "p999", "ms", one.p999(), one, run);
                    line += String.format(
                            Locale.ROOT, "; one connection: %.0f req/s, %s", one.throughput(), latencies(one));
                    line += one.failed() ? ", FAILED: " + one.failures() : "";
                }
                System.out.println(line + (r.failed() ? ", FAILED: " + r.failures() : ""));
            }
        }
    }

    /** Records one run's figure, or the run as failed when any of its answers was wrong. */
    private void record(String label, int connections, String metric, String unit, double value, LoadRun r, int run) {
        if (!r.failed()) {
            results.add(Comparison.SCENARIO, label, connections, metric, unit, value);
            return;
        }
        results.fail(Comparison.SCENARIO, label, connections, metric, unit, r.failures());
        if (!metric.startsWith("p99")) { // one note per run: p50, p99 and p99.9 come from the same run
            comparison.note(label, metric + " run " + run + " failed (" + r.failures() + ")");
        }
    }

    /** Something just created (a function, a process) that the step drives, and how to remove it after. */
    record Fresh(Target target, AutoCloseable remove) {}

    /** Makes the {@code run}-th fresh thing for {@link #step}. */
    @FunctionalInterface
    interface FreshStart {
        Fresh create(int run) throws IOException, InterruptedException;
    }

    /** Connections of the step: the largest load level. */
    int stepConnections() {
        return options.connections().getLast();
    }

    /**
     * The step from 0 to {@link #stepConnections()} connections on something just created (issue
     * 13): per run a fresh one, at once that many connections for {@link #STEP_SECONDS} s, its rate
     * recorded as {@code step_5s}; the table sets it against the row's steady rate at the same
     * connections ({@code rps_64}, after warm-up). A run with a wrong answer is failed.
     */
    void step(String label, FreshStart fresh) throws IOException, InterruptedException {
        int c = stepConnections();
        System.out.printf(Locale.ROOT, "  %s, step 0 -> %d connections%s%n", label, c, Machine.loadAverage());
        for (int run = 1; run <= options.runs(); run++) {
            Fresh f = fresh.create(run);
            try {
                LoadRun r = Wrk.run(f.target(), c, STEP_SECONDS, work);
                record(label, c, "step_5s", "req/s", r.throughput(), r, run);
                System.out.printf(
                        Locale.ROOT,
                        "    step %d: %8.0f req/s in the first %d s%s%n",
                        run,
                        r.throughput(),
                        STEP_SECONDS,
                        r.failed() ? ", FAILED: " + r.failures() : "");
            } finally {
                Started.close(f.remove());
            }
        }
    }

    static final int STEP_SECONDS = 5;

    private static String latencies(LoadRun r) {
        return String.format(
                Locale.ROOT,
                "p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.1f ms",
                r.p50(),
                r.p99(),
                r.p999(),
                r.max());
    }

    /**
     * Warm-up at {@code connections}: first that many concurrent requests, each on its own connection,
     * all awaited (a system that starts an environment per concurrent request, as Lamina does, has
     * then started them all, and no request is left running when the warm-up ends), then one wrk run.
     */
    private void warmUp(Target target, int connections) throws IOException, InterruptedException {
        List<Thread> threads = new ArrayList<>();
        AtomicReference<IOException> failure = new AtomicReference<>();
        for (int i = 0; i < connections; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    Probe.once(target);
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        Wrk.run(target, connections, options.warmup(), work);
    }

    /** Records one cold start (ms); the first of a system's is printed but not kept (it fills the file cache). */
    void cold(String label, int index, double ms) {
        if (index > 0) {
            results.add(Comparison.SCENARIO, label, 1, "cold", "ms", ms);
        }
        System.out.printf(Locale.ROOT, "    cold start %d: %.1f ms%s%n", index, ms, index == 0 ? " (discarded)" : "");
    }

    void memory(String label, double mb) {
        results.add(Comparison.SCENARIO, label, 1, "memory", "MB", mb);
        System.out.printf(Locale.ROOT, "    memory after the load: %.1f MB%n", mb);
    }

    /** A system that failed: its rows say why, and the run goes on with the next. */
    void failed(List<String> labels, Exception e) {
        System.out.println("  ! failed: " + e.getMessage());
        for (String label : labels) {
            comparison.note(
                    label, "failed: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void print(double elapsedSeconds) throws IOException {
        String when = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%n=== Lamina and its peers, %s, node at commit %s, medians of %d runs x %.0f s (req/s: wrk; latency at 1"
                        + " connection: one client connection; %d cold starts) ===%n",
                when,
                commit,
                options.runs(),
                options.seconds(),
                options.cold()));
        out.append(comparison.table());
        out.append(comparison.spreadTable());
        out.append(PeerTargets.report(comparison));
        if (options.runs() < 3 || options.cold() < 3) {
            out.append(String.format(
                    Locale.ROOT,
                    "NOT FIGURES TO QUOTE: %d runs per figure and %d cold starts; a result needs at least 3 of each.%n",
                    options.runs(),
                    options.cold()));
        }
        out.append(String.format(Locale.ROOT, "%nTook %.0f s.%n", elapsedSeconds));
        System.out.print(out);
        Path dir = options.out();
        // Each run's files under a name of their own (so that runs taken one after another are all
        // kept, to be committed beside the figures quoted from them), and as peers.* for the latest.
        String stamp =
                "peers-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + commit;
        Files.writeString(dir.resolve(stamp + ".txt"), out.toString());
        comparison.writeCsv(dir.resolve(stamp + ".csv"));
        results.writeCsv(dir.resolve(stamp + "-runs.csv"));
        for (String suffix : List.of(".txt", ".csv", "-runs.csv")) {
            Files.copy(dir.resolve(stamp + suffix), dir.resolve("peers" + suffix), StandardCopyOption.REPLACE_EXISTING);
        }
        ComparisonChart.write(comparison, options.connections(), when, dir.resolve("peers.png"));
        System.out.println("Wrote " + dir.resolve(stamp + ".txt") + ", " + stamp + ".csv (the table with each"
                + " figure's min, max and runs), " + stamp + "-runs.csv (every run's value); the same as peers.txt,"
                + " peers.csv, peers-runs.csv; and peers.png");
    }

    /** The commit the node was built from, with "+changes" when the work tree differs from it. */
    static String commit(Path root) {
        try {
            String head = git(root, "rev-parse", "--short", "HEAD");
            String changes = git(root, "status", "--porcelain", "--untracked-files=no");
            return head.isEmpty() ? "unknown" : head + (changes.isEmpty() ? "" : "+changes");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String git(Path root, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            return p.waitFor() == 0 ? out : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
