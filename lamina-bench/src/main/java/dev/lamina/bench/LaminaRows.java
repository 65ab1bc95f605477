package dev.lamina.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;

/**
 * Lamina's rows of the peer comparison. Per runtime a node of its own ({@code ./lamina server}, as an
 * operator starts it, sandboxed where the host allows), one function with the trivial handler, reached
 * through its function URL (when the node has function URLs) and the Invoke API (SigV4-signed); then
 * the runtime alone against a minimal Runtime API, for the Invoke API's overhead; the node's memory
 * with its environments after the load; and cold starts of fresh copies of the function.
 */
final class LaminaRows {
    static final String NODE = "nodejs20.x";
    static final String PYTHON = "python3.11";
    static final String JAVA = "java25";
    static final String URL = "function URL";
    static final String INVOKE = "Invoke API";
    /** First invokes of as many fresh functions at once: more than the one spare a runtime keeps waiting. */
    static final int BURST = 4;

    private final PeerBenchmark bench;

    LaminaRows(PeerBenchmark bench) {
        this.bench = bench;
    }

    static String label(String runtime, String way) {
        return "Lamina " + runtime + ", " + way;
    }

    void declare() {
        for (String runtime : List.of(NODE, PYTHON)) {
            bench.comparison().add(new Comparison.Row(label(runtime, URL), null, null, ""));
            bench.comparison().add(new Comparison.Row(label(runtime, INVOKE), null, null, ""));
        }
        bench.comparison().add(new Comparison.Row(label(JAVA, INVOKE), null, null, "cold start only"));
    }

    void measure() throws InterruptedException {
        measure(BenchFunction.node(NODE), true);
        measure(BenchFunction.python(PYTHON), true);
        try {
            measure(BenchFunction.java(JAVA, BenchFunction.compileJavaHandler(bench.work())), false);
        } catch (IOException e) {
            bench.failed(List.of(label(JAVA, INVOKE)), e);
        }
    }

    private void measure(BenchFunction f, boolean load) throws InterruptedException {
        String runtime = f.runtime();
        List<String> labels = List.of(label(runtime, URL), label(runtime, INVOKE));
        System.out.printf(Locale.ROOT, "%nLamina, %s%n", runtime);
        NodeProcess node = null;
        try {
            node = bench.track(NodeProcess.start(
                    bench.options().root(), bench.work().resolve("lamina-" + runtime), "", List.of(), 600));
            URI endpoint = node.endpoint();
            ControlPlane control = new ControlPlane(endpoint);
            if (!control.runtimes().contains(runtime)) {
                throw new IOException("this host cannot run " + runtime);
            }
            System.out.println("  node pid " + node.pid() + " at " + endpoint + " (" + control.isolation() + ")");
            String name = "bench-" + runtime.replace('.', '-');
            if (load) {
                control.create(name, f.runtime(), f.handler(), f.zip(name), f.memoryMb());
                Target invoke = invoke(endpoint, runtime, name);
                Optional<URI> url = control.createFunctionUrl(name);
                if (url.isPresent()) {
                    bench.load(urlTarget(endpoint, runtime, url.get()));
                } else {
                    bench.comparison().note(labels.get(0), "not yet available (the node has no function URLs)");
                    System.out.println("  function URLs: not yet available on this node");
                }
                bench.load(invoke);
                overhead(f, name, invoke.label());
                double mb =
                        PeerProcess.treeMemoryMb(ProcessHandle.of(node.pid()).orElseThrow());
                labels.forEach(l -> bench.memory(l, mb));
                step(control, f, endpoint, url.isPresent());
            }
            coldStarts(control, f, endpoint, name, node);
            bursts(control, f, endpoint, name);
        } catch (IOException | RuntimeException e) {
            bench.failed(load ? labels : List.of(label(runtime, INVOKE)), e);
        } finally {
            if (node != null) {
                bench.stop(node);
            }
        }
        firstStarts(f);
    }

    /**
     * The step from 0 to 64 connections on a just-created function (through its URL when the node
     * has URLs): a fresh copy per run, created and Active, then loaded at once, then deleted (which
     * stops its environments).
     */
    private void step(ControlPlane control, BenchFunction f, URI endpoint, boolean urls)
            throws IOException, InterruptedException {
        String runtime = f.runtime();
        bench.step(label(runtime, urls ? URL : INVOKE), run -> {
            String name = "bench-" + runtime.replace('.', '-') + "-step-" + run;
            control.create(name, runtime, f.handler(), f.zip(name), f.memoryMb());
            Target target = urls
                    ? urlTarget(
                            endpoint, runtime, control.createFunctionUrl(name).orElseThrow())
                    : invoke(endpoint, runtime, name);
            return new PeerBenchmark.Fresh(target, () -> control.delete(name));
        });
    }

    private static Target invoke(URI endpoint, String runtime, String function) {
        URI address = endpoint.resolve("/2015-03-31/functions/" + function + "/invocations");
        return new Target(
                "Lamina " + runtime,
                INVOKE,
                address,
                () -> Signing.sign(
                        "POST", address, Target.EVENT, Map.of("Content-Type", "application/json"), "lambda"));
    }

    /**
     * The function URL's target: the node's own address with the URL's path, and the URL's host in
     * the {@code Host} header, which is how the node tells functions apart (the URL's host name need
     * not resolve here). A URL with AuthType NONE needs no signature.
     */
    private static Target urlTarget(URI endpoint, String runtime, URI url) {
        URI address =
                endpoint.resolve(url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath());
        String host = url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
        return new Target("Lamina " + runtime, URL, address, () -> Map.of("Host", host));
    }

    /**
     * What the node adds to a warm Invoke at one connection: the median p50 minus that of the same
     * runtime (same command, client and handler) driven alone by a minimal Runtime API.
     */
    private void overhead(BenchFunction f, String name, String label) throws IOException, InterruptedException {
        PeerOptions o = bench.options();
        try (RuntimeBaseline baseline = RuntimeBaseline.start(f, f.zip(name + "-baseline"), bench.work())) {
            baseline.once();
            baseline.run(Math.min(1, o.warmup()), 0);
            for (int run = 1; run <= o.runs(); run++) {
                Histogram h = baseline.run(Math.max(0.5, o.seconds() / 3), 0);
                bench.results()
                        .add(Comparison.SCENARIO, label, 1, "runtime_p50", "ms", h.getValueAtPercentile(50) / 1e6);
            }
        }
        Results r = bench.results();
        double overhead =
                r.median(Comparison.SCENARIO, label, "p50") - r.median(Comparison.SCENARIO, label, "runtime_p50");
        r.add(Comparison.SCENARIO, label, 1, "overhead_p50", "ms", overhead);
        System.out.printf(
                Locale.ROOT,
                "    runtime alone p50 %.3f ms: the node's overhead p50 %.3f ms%n",
                r.median(Comparison.SCENARIO, label, "runtime_p50"),
                overhead);
    }

    /**
     * Fresh copies of the function (each with its own code), created and Active, then each one's
     * first Invoke, 300 ms apart (for Java, after the node made its class-data archive, which it
     * starts after that runtime's first cold start, the one discarded), timed from writing the request (on an open connection) to the end
     * of the response.
     */
    private void coldStarts(ControlPlane control, BenchFunction f, URI endpoint, String name, NodeProcess node)
            throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= bench.options().cold(); i++) {
            String copy = name + "-cold-" + i;
            control.create(copy, f.runtime(), f.handler(), f.zip(copy), f.memoryMb());
            names.add(copy);
        }
        String label = label(f.runtime(), INVOKE);
        for (int i = 0; i < names.size(); i++) {
            Thread.sleep(300);
            bench.cold(label, i, firstInvoke(endpoint, f.runtime(), names.get(i)));
            if (i == 0 && f.runtime().startsWith("java") && !node.awaitClassDataArchive(f.runtime())) {
                bench.comparison()
                        .note(label, "the node made no class-data archive within 2 minutes; measured without");
            }
        }
        for (String copy : names) {
            control.delete(copy);
        }
    }

    /**
     * A function's first Invoke on an open connection, timed from writing the request to the end of
     * the response, in milliseconds; fails unless it answers {@code {"ok":true}}.
     */
    private static double firstInvoke(URI endpoint, String runtime, String function) throws IOException {
        Target t = invoke(endpoint, runtime, function);
        try (HttpConnection c = new HttpConnection(endpoint.getHost(), endpoint.getPort())) {
            byte[] request = c.post(t.pathAndQuery(), Target.EVENT, t.headers().get());
            long t0 = System.nanoTime();
            HttpConnection.Response r = c.exchange(request);
            long nanos = System.nanoTime() - t0;
            Probe.check(t, r);
            return nanos / 1e6;
        }
    }

    /**
     * Cold starts with no spare for most of them: {@link #BURST} fresh functions, created and Active,
     * then (once the runtime's spare has had half a second to start) each one's first Invoke at the
     * same moment, each on its own open connection. One of them may take the waiting spare; the others
     * start a sandbox and a runtime of their own, on the same CPUs at once. The figure is the slowest
     * response of the burst ({@code cold_burst}), one per run.
     */
    private void bursts(ControlPlane control, BenchFunction f, URI endpoint, String name)
            throws IOException, InterruptedException {
        String label = label(f.runtime(), INVOKE);
        for (int run = 1; run <= bench.options().runs(); run++) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                String copy = name + "-burst-" + run + "-" + i;
                control.create(copy, f.runtime(), f.handler(), f.zip(copy), f.memoryMb());
                names.add(copy);
            }
            Thread.sleep(500);
            List<Future<Double>> answers = new ArrayList<>();
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                var go = new CountDownLatch(1);
                for (String copy : names) {
                    answers.add(threads.submit(() -> {
                        go.await();
                        return firstInvoke(endpoint, f.runtime(), copy);
                    }));
                }
                go.countDown();
                double slowest = 0;
                for (var answer : answers) {
                    slowest = Math.max(slowest, answer.get());
                }
                bench.results().add(Comparison.SCENARIO, label, BURST, "cold_burst", "ms", slowest);
                System.out.printf(
                        Locale.ROOT,
                        "    burst %d: %d first invokes at once, the last after %.1f ms%n",
                        run,
                        BURST,
                        slowest);
            } catch (ExecutionException e) {
                throw new IOException("a burst's invoke failed: " + e.getCause().getMessage(), e.getCause());
            }
            for (String copy : names) {
                control.delete(copy);
            }
        }
    }

    /**
     * A runtime's first start: per run a fresh node (no spare yet, and for Java no class-data archive
     * yet), a function created and Active, and its first Invoke ({@code cold_first}); the node is
     * stopped after it.
     */
    private void firstStarts(BenchFunction f) throws InterruptedException {
        String label = label(f.runtime(), INVOKE);
        System.out.printf(Locale.ROOT, "  %s, a runtime's first start on a fresh node%n", label);
        for (int run = 1; run <= bench.options().cold(); run++) {
            NodeProcess node = null;
            try {
                node = bench.track(NodeProcess.start(
                        bench.options().root(),
                        bench.work().resolve("lamina-first-" + f.runtime() + "-" + run),
                        "",
                        List.of(),
                        600));
                ControlPlane control = new ControlPlane(node.endpoint());
                String name = "bench-first";
                control.create(name, f.runtime(), f.handler(), f.zip(name), f.memoryMb());
                double ms = firstInvoke(node.endpoint(), f.runtime(), name);
                bench.results().add(Comparison.SCENARIO, label, 1, "cold_first", "ms", ms);
                System.out.printf(Locale.ROOT, "    first start %d: %.1f ms%n", run, ms);
            } catch (IOException | RuntimeException e) {
                bench.results().fail(Comparison.SCENARIO, label, 1, "cold_first", "ms", e.getMessage());
                bench.comparison().note(label, "first start " + run + " failed: " + e.getMessage());
            } finally {
                if (node != null) {
                    bench.stop(node);
                }
            }
        }
    }
}
