package dev.lamina.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The peers' rows: each peer installed from npm (lamina-bench/peers installs them), given the same
 * trivial handler (workerd: a worker returning the same body), started alone, cold-started, loaded and
 * stopped. What "cold start" means differs by peer and each row's note says it: workerd and lambda-local
 * load code only at process start, so theirs is spawn to first response; serverless-offline loads a
 * function at its first request, so its is that request on a server already up.
 */
final class PeerRows {
    static final String WORKERD = "workerd, HTTP (trivial worker)";
    static final String SLS_HTTP = "serverless-offline 13, HTTP API";
    static final String SLS_INVOKE = "serverless-offline 13, Invoke API";
    static final String LL_SERVER = "lambda-local, in-process server";
    static final String LL_CLI = "lambda-local, CLI per request";
    private static final String NODE_URL = LaminaRows.label(LaminaRows.NODE, LaminaRows.URL);
    private static final String NODE_INVOKE = LaminaRows.label(LaminaRows.NODE, LaminaRows.INVOKE);

    private final PeerBenchmark bench;

    PeerRows(PeerBenchmark bench) {
        this.bench = bench;
    }

    void declare() {
        Comparison c = bench.comparison();
        c.add(new Comparison.Row(WORKERD, NODE_URL, NODE_INVOKE, "cold = process start to first response"));
        c.add(new Comparison.Row(SLS_HTTP, NODE_URL, NODE_INVOKE, "cold = first request, server up"));
        c.add(new Comparison.Row(SLS_INVOKE, NODE_INVOKE, null, "same process as the HTTP API row"));
        c.add(new Comparison.Row(LL_SERVER, NODE_INVOKE, null, "no isolation; cold = process start to first response"));
        c.add(new Comparison.Row(LL_CLI, NODE_INVOKE, null, "one node process per request; c1 only"));
    }

    void measure() throws InterruptedException {
        if (!Files.isDirectory(bench.options().peers().resolve("node_modules"))) {
            System.out.println("No peers installed at " + bench.options().peers() + ": run lamina-bench/peers");
            return;
        }
        if (bench.options().only().contains("workerd")) {
            workerd();
        }
        if (bench.options().only().contains("serverless-offline")) {
            serverlessOffline();
        }
        if (bench.options().only().contains("lambda-local")) {
            lambdaLocalServer();
            lambdaLocalCli();
        }
    }

    /** A directory for one peer with the handler and the peers' node_modules linked in. */
    private Path project(String name) throws IOException {
        Path dir = Files.createDirectories(bench.work().resolve(name));
        Files.writeString(dir.resolve("index.js"), BenchFunction.resource("index.js"));
        Path modules = dir.resolve("node_modules");
        if (!Files.exists(modules)) {
            Files.createSymbolicLink(modules, bench.options().peers().resolve("node_modules"));
        }
        return dir;
    }

    private static String peerFile(String name) {
        return BenchFunction.text("/dev/lamina/bench/peers/" + name);
    }

    /**
     * A peer process started for a cold start, where its first request goes, and when the clock
     * starts ({@link System#nanoTime()}).
     */
    private record Started(PeerProcess process, Target target, long fromNanos) {}

    /** Starts a peer for the {@code i}-th cold start. */
    @FunctionalInterface
    private interface Starter {
        Started start(int i) throws IOException, InterruptedException;
    }

    /**
     * A peer process just started, as the step's just-created thing (for a peer, what a new function
     * costs is a new process): driven once its port accepts connections, stopped after.
     */
    private PeerBenchmark.Fresh fresh(Started s) throws IOException, InterruptedException {
        s.process().awaitPort(s.target().address().getPort(), 120);
        return new PeerBenchmark.Fresh(s.target(), () -> bench.stop(s.process()));
    }

    /**
     * {@code cold + 1} cold starts, each a new process timed from {@link Started#fromNanos} to its
     * first response (the first one is discarded); the last process is left running for the load.
     */
    private Started coldStarts(String label, Starter starter) throws IOException, InterruptedException {
        Started s = null;
        for (int i = 0; i <= bench.options().cold(); i++) {
            s = starter.start(i);
            bench.cold(label, i, (s.process().firstResponse(s.target(), 60) - s.fromNanos()) / 1e6);
            if (i < bench.options().cold()) {
                bench.stop(s.process());
            }
        }
        return s;
    }

    private void workerd() throws InterruptedException {
        System.out.printf(Locale.ROOT, "%nworkerd%n");
        try {
            Path dir = project("workerd");
            Files.writeString(dir.resolve("worker.mjs"), peerFile("worker.mjs"));
            Starter starter = i -> {
                int port = PeerProcess.freePort();
                Path config = Files.writeString(
                        dir.resolve("config.capnp"),
                        peerFile("workerd.capnp").replace("@ADDRESS@", "127.0.0.1:" + port));
                PeerProcess p = bench.track(PeerProcess.start(
                        "workerd",
                        List.of(bench.options().bin("workerd").toString(), "serve", config.toString()),
                        dir,
                        Map.of(),
                        dir.resolve("workerd-" + i + ".log")));
                URI address = URI.create("http://127.0.0.1:" + port + "/");
                return new Started(p, Target.plain("workerd", "HTTP (trivial worker)", address), p.startedNanos());
            };
            Started s = coldStarts(WORKERD, starter);
            bench.load(s.target());
            bench.memory(WORKERD, s.process().memoryMb());
            bench.stop(s.process());
            bench.step(WORKERD, run -> fresh(starter.start(100 + run)));
        } catch (IOException | RuntimeException e) {
            bench.failed(List.of(WORKERD), e);
        }
    }

    private void serverlessOffline() throws InterruptedException {
        System.out.printf(Locale.ROOT, "%nserverless-offline%n");
        try {
            Path dir = project("serverless-offline");
            Files.writeString(dir.resolve("serverless.yml"), peerFile("serverless.yml"));
            int[] lambdaPort = new int[1];
            Starter starter = i -> {
                int httpPort = PeerProcess.freePort();
                lambdaPort[0] = PeerProcess.freePort();
                PeerProcess p = bench.track(PeerProcess.start(
                        "serverless-offline",
                        List.of(
                                bench.options().bin("serverless").toString(),
                                "offline",
                                "start",
                                "--httpPort",
                                Integer.toString(httpPort),
                                "--lambdaPort",
                                Integer.toString(lambdaPort[0])),
                        dir,
                        Map.of("SLS_TELEMETRY_DISABLED", "1", "SLS_NOTIFICATIONS_MODE", "off"),
                        dir.resolve("serverless-offline-" + i + ".log")));
                p.awaitPort(httpPort, 120);
                p.awaitPort(lambdaPort[0], 120);
                URI address = URI.create("http://127.0.0.1:" + httpPort + "/");
                return new Started(p, Target.plain("serverless-offline 13", "HTTP API", address), System.nanoTime());
            };
            Started s = coldStarts(SLS_HTTP, starter);
            Target invoke = Target.plain(
                    "serverless-offline 13",
                    "Invoke API",
                    URI.create("http://127.0.0.1:" + lambdaPort[0]
                            + "/2015-03-31/functions/lamina-bench-dev-hello/invocations"));
            bench.load(s.target());
            bench.load(invoke);
            double mb = s.process().memoryMb();
            bench.memory(SLS_HTTP, mb);
            bench.memory(SLS_INVOKE, mb);
            bench.stop(s.process());
            bench.step(SLS_HTTP, run -> fresh(starter.start(100 + run)));
        } catch (IOException | RuntimeException e) {
            bench.failed(List.of(SLS_HTTP, SLS_INVOKE), e);
        }
    }

    private void lambdaLocalServer() throws InterruptedException {
        System.out.printf(Locale.ROOT, "%nlambda-local, in-process server%n");
        try {
            Path dir = project("lambda-local");
            Path script = Files.writeString(dir.resolve("server.js"), peerFile("lambda-local-server.js"));
            Starter starter = i -> {
                int port = PeerProcess.freePort();
                PeerProcess p = bench.track(PeerProcess.start(
                        "lambda-local server",
                        List.of("node", script.toString(), Integer.toString(port), "index.js", "handler"),
                        dir,
                        Map.of(),
                        dir.resolve("server-" + i + ".log")));
                URI address = URI.create("http://127.0.0.1:" + port + "/");
                return new Started(p, Target.plain("lambda-local", "in-process server", address), p.startedNanos());
            };
            Started s = coldStarts(LL_SERVER, starter);
            bench.load(s.target());
            bench.memory(LL_SERVER, s.process().memoryMb());
            bench.stop(s.process());
            bench.step(LL_SERVER, run -> fresh(starter.start(100 + run)));
        } catch (IOException | RuntimeException e) {
            bench.failed(List.of(LL_SERVER), e);
        }
    }

    /**
     * lambda-local's command line, one process per event: run back to back, each run is both a cold
     * start and a request at one connection (its latency and throughput); wrk cannot drive it.
     */
    private void lambdaLocalCli() throws InterruptedException {
        System.out.printf(Locale.ROOT, "%nlambda-local, CLI per request%n");
        try {
            Path dir = project("lambda-local-cli");
            Path event = Files.write(dir.resolve("event.json"), Target.EVENT);
            List<String> command = List.of(
                    bench.options().bin("lambda-local").toString(),
                    "-l",
                    "index.js",
                    "-h",
                    "handler",
                    "-e",
                    event.toString(),
                    "-v",
                    "0");
            int count = Math.max(10, 4 * bench.options().cold());
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i <= count; i++) {
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IOException("lambda-local failed: " + output);
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                if (i > 0) {
                    millis.add(ms);
                }
                if (i <= bench.options().cold()) {
                    bench.cold(LL_CLI, i, ms);
                }
            }
            List<Double> sorted = millis.stream().sorted().toList();
            Results r = bench.results();
            r.add(Comparison.SCENARIO, LL_CLI, 1, "p50", "ms", Results.median(sorted));
            r.add(Comparison.SCENARIO, LL_CLI, 1, "p99", "ms", sorted.getLast());
            r.add(Comparison.SCENARIO, LL_CLI, 1, "p999", "ms", sorted.getLast());
            double mean =
                    sorted.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            r.add(Comparison.SCENARIO, LL_CLI, 1, "rps_1", "req/s", 1000 / mean);
            System.out.printf(
                    Locale.ROOT,
                    "    %d runs: p50 %.1f ms, max %.1f ms%n",
                    sorted.size(),
                    Results.median(sorted),
                    sorted.getLast());
            bench.comparison()
                    .note(LL_CLI, "one node process per request; c1 only; p99 and p99.9 = max of " + sorted.size());
        } catch (IOException | RuntimeException e) {
            bench.failed(List.of(LL_CLI), e);
        }
    }
}
