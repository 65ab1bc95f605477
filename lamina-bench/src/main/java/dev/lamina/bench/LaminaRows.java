package dev.lamina.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
            }
            coldStarts(control, f, endpoint, name, node);
        } catch (IOException | RuntimeException e) {
            bench.failed(load ? labels : List.of(label(runtime, INVOKE)), e);
        } finally {
            if (node != null) {
                bench.stop(node);
            }
        }
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
            Target t = invoke(endpoint, f.runtime(), names.get(i));
            try (HttpConnection c = new HttpConnection(endpoint.getHost(), endpoint.getPort())) {
                byte[] request =
                        c.post(t.pathAndQuery(), Target.EVENT, t.headers().get());
                long t0 = System.nanoTime();
                HttpConnection.Response r = c.exchange(request);
                long nanos = System.nanoTime() - t0;
                Probe.check(t, r);
                bench.cold(label, i, nanos / 1e6);
            }
            if (i == 0 && f.runtime().startsWith("java") && !node.awaitClassDataArchive(f.runtime())) {
                bench.comparison()
                        .note(label, "the node made no class-data archive within 2 minutes; measured without");
            }
        }
        for (String copy : names) {
            control.delete(copy);
        }
    }
}
