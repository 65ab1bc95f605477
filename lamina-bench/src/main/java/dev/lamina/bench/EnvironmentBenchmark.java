package dev.lamina.bench;

import dev.lamina.it.Zips;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Execution environments (issue 3): cold start per runtime with and without the sandbox, the time
 * from zero to 100 concurrent environments of a Python function, and the memory an idle (frozen)
 * environment holds, per runtime, with what that makes one 24 GiB node hold.
 *
 * <p>Usage: {@code lamina-bench/run-environments [--quick]}. Each part starts its own node as a
 * separate process ({@code ./lamina server}); everything it starts is stopped and deleted.
 */
public final class EnvironmentBenchmark {
    private static final String GATE_HANDLER = """
            import socket
            def handler(event, context):
                s = socket.create_connection(("127.0.0.1", event["gate"]), timeout=60)
                s.sendall(b"x")
                s.recv(1)
                s.close()
                return "passed"
            """;

    private final Path root;
    private final boolean quick;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final StringBuilder report = new StringBuilder();

    private EnvironmentBenchmark(Path root, boolean quick) {
        this.root = root;
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("lamina.root", ".")).toAbsolutePath();
        new EnvironmentBenchmark(root, List.of(args).contains("--quick")).run();
    }

    private void run() throws Exception {
        line("=== Lamina execution environments benchmark (%s) ===", Machine.describe());
        Path work = Files.createTempDirectory("lamina-envbench-");
        try {
            Path cBinary = BenchFunction.compileC(work);
            List<BenchFunction> functions = List.of(
                    BenchFunction.python("python3.11"),
                    BenchFunction.node("nodejs20.x"),
                    BenchFunction.providedC("provided.al2023", cBinary));
            int copies = quick ? 3 : 7;
            line("");
            line("Cold start, first Invoke of a new function, median of %d, ms:", copies);
            line("  %-28s %12s %12s %12s", "function", "sandboxed", "plain", "sandbox adds");
            double[][] cold = new double[functions.size()][2];
            for (int mode = 0; mode < 2; mode++) {
                List<String> args = mode == 0 ? List.of() : List.of("--no-sandbox");
                try (NodeProcess node = NodeProcess.start(root, work.resolve("cold-" + mode), "", args, 300)) {
                    ControlPlane cp = new ControlPlane(node.endpoint());
                    for (int f = 0; f < functions.size(); f++) {
                        cold[f][mode] = coldStart(node.endpoint(), cp, functions.get(f), copies, mode);
                    }
                }
            }
            for (int f = 0; f < functions.size(); f++) {
                line(
                        "  %-28s %12.1f %12.1f %12.1f",
                        functions.get(f).label(), cold[f][0], cold[f][1], cold[f][0] - cold[f][1]);
            }
            try (NodeProcess node = NodeProcess.start(root, work.resolve("burst"), "", List.of(), 300)) {
                ControlPlane cp = new ControlPlane(node.endpoint());
                burst(node.endpoint(), cp, quick ? 50 : 100);
                idleMemory(node.endpoint(), cp, functions, quick ? 5 : 20);
            }
        } finally {
            deleteTree(work);
        }
        System.out.print(report);
        Path out = root.resolve("lamina-bench/target/environment-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println("Written to " + out);
    }

    private double coldStart(URI endpoint, ControlPlane cp, BenchFunction fn, int copies, int mode) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            String name = "cold-" + mode + "-" + fn.runtime().replace('.', '-') + "-" + i;
            cp.create(name, fn.runtime(), fn.handler(), fn.zip(name), fn.memoryMb());
            long start = System.nanoTime();
            invoke(endpoint, name, "{}");
            times.add((System.nanoTime() - start) / 1e6);
            cp.delete(name);
        }
        return median(times);
    }

    /** Fires {@code n} invocations at a cold function and times until all n are running at once. */
    private void burst(URI endpoint, ControlPlane cp, int n) throws Exception {
        cp.create(
                "burst",
                "python3.11",
                "app.handler",
                Zips.of("app.py", GATE_HANDLER).bytes(),
                128);
        List<Double> runs = new ArrayList<>();
        for (int run = 0; run < (quick ? 1 : 3); run++) {
            if (run > 0) {
                cp.delete("burst");
                Thread.sleep(5000); // the previous run's 100 environments shut down before this one starts
                cp.create(
                        "burst",
                        "python3.11",
                        "app.handler",
                        Zips.of("app.py", GATE_HANDLER + "\n#" + run).bytes(),
                        128);
            }
            try (ServerSocket gate = new ServerSocket(0, n + 10, InetAddress.getLoopbackAddress());
                    ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                String event = "{\"gate\":" + gate.getLocalPort() + "}";
                long start = System.nanoTime();
                List<Future<String>> calls = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    calls.add(callers.submit(() -> invoke(endpoint, "burst", event)));
                }
                List<Socket> arrived = new ArrayList<>();
                gate.setSoTimeout(60_000);
                while (arrived.size() < n) {
                    Socket s = gate.accept();
                    s.getInputStream().read();
                    arrived.add(s);
                }
                runs.add((System.nanoTime() - start) / 1e6);
                for (Socket s : arrived) {
                    s.getOutputStream().write('x');
                    s.close();
                }
                for (Future<String> f : calls) {
                    f.get(60, TimeUnit.SECONDS);
                }
            }
        }
        cp.delete("burst");
        Thread.sleep(3000); // its environments go before idle memory is measured
        line("");
        line("0 -> %d concurrent environments of a Python function (all %d running at once), ms:", n, n);
        line(
                "  median %.0f ms over %d runs (each run a fresh function: every environment is a cold start)",
                median(runs), runs.size());
    }

    /** Memory of idle, frozen environments, from their cgroups, and the node's own growth per environment. */
    private void idleMemory(URI endpoint, ControlPlane cp, List<BenchFunction> functions, int perRuntime)
            throws Exception {
        line("");
        line("Idle (frozen) environments, %d per runtime:", perRuntime);
        line("  %-28s %16s %16s %20s", "function", "cgroup MB/env", "node MB/env", "envs in 24 GiB");
        long nodePid = ProcessHandle.current()
                .children()
                .filter(p -> p.info().command().orElse("").endsWith("java"))
                .findFirst()
                .orElseThrow()
                .pid();
        for (BenchFunction fn : functions) {
            long nodeBefore = rssKb(nodePid);
            List<String> names = new ArrayList<>();
            try (ServerSocket gate = new ServerSocket(0, perRuntime + 10, InetAddress.getLoopbackAddress());
                    ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                // Hold perRuntime invocations open at once, so perRuntime environments exist.
                String label = fn.runtime().replace('.', '-');
                String name = "idle-" + label;
                byte[] zip = fn.runtime().startsWith("python")
                        ? Zips.of("app.py", GATE_HANDLER).bytes()
                        : fn.zip(name);
                cp.create(name, fn.runtime(), fn.handler(), zip, fn.memoryMb());
                names.add(name);
                if (fn.runtime().startsWith("python")) {
                    String event = "{\"gate\":" + gate.getLocalPort() + "}";
                    List<Future<String>> calls = new ArrayList<>();
                    for (int i = 0; i < perRuntime; i++) {
                        calls.add(callers.submit(() -> invoke(endpoint, name, event)));
                    }
                    List<Socket> arrived = new ArrayList<>();
                    while (arrived.size() < perRuntime) {
                        Socket s = gate.accept();
                        s.getInputStream().read();
                        arrived.add(s);
                    }
                    for (Socket s : arrived) {
                        s.getOutputStream().write('x');
                        s.close();
                    }
                    for (Future<String> f : calls) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                } else {
                    List<Future<String>> calls = new ArrayList<>();
                    for (int i = 0; i < perRuntime; i++) {
                        calls.add(callers.submit(() -> invoke(endpoint, name, "{}")));
                    }
                    for (Future<String> f : calls) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                }
            }
            Thread.sleep(1500); // idle long enough to be frozen
            List<Long> usage = cgroupUsages();
            long nodeAfter = rssKb(nodePid);
            double perEnv = usage.stream().mapToLong(Long::longValue).average().orElse(0) / (1024 * 1024);
            double nodePerEnv = Math.max(0, (nodeAfter - nodeBefore) / 1024.0 / Math.max(1, usage.size()));
            double capacity = 24 * 1024 / Math.max(0.1, perEnv + nodePerEnv);
            line(
                    "  %-28s %16.1f %16.2f %20.0f   (%d environments measured)",
                    fn.label(), perEnv, nodePerEnv, capacity, usage.size());
            for (String name : names) {
                cp.delete(name);
            }
            Thread.sleep(3000); // let the deleted environments go before the next runtime
        }
        line("  cgroup MB/env: memory.usage_in_bytes of each environment's cgroup (RSS + page cache + kernel memory),");
        line("  frozen; node MB/env: the node JVM's RSS growth per environment (its endpoint, pipe and threads).");
    }

    private static List<Long> cgroupUsages() throws IOException {
        List<Long> out = new ArrayList<>();
        for (Path base : List.of(Path.of("/sys/fs/cgroup/memory/lamina"), Path.of("/sys/fs/cgroup/lamina"))) {
            if (!Files.isDirectory(base)) {
                continue;
            }
            // lamina/node-<pid>/<environment>: every environment of every node on this host
            List<Path> envDirs = new ArrayList<>();
            try (Stream<Path> nodes = Files.list(base)) {
                for (Path node : nodes.filter(Files::isDirectory).toList()) {
                    try (Stream<Path> envs = Files.list(node)) {
                        envs.filter(Files::isDirectory).forEach(envDirs::add);
                    }
                }
            }
            try (Stream<Path> dirs = envDirs.stream()) {
                for (Path dir : dirs.toList()) {
                    Path usage = Files.exists(dir.resolve("memory.usage_in_bytes"))
                            ? dir.resolve("memory.usage_in_bytes")
                            : dir.resolve("memory.current");
                    if (Files.exists(usage)) {
                        out.add(Long.parseLong(Files.readString(usage).trim()));
                    }
                }
            }
        }
        return out;
    }

    private static long rssKb(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    private String invoke(URI endpoint, String name, String event) throws IOException, InterruptedException {
        URI uri = endpoint.resolve("/2015-03-31/functions/" + name + "/invocations");
        byte[] body = event.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Signing.sign("POST", uri, body, Map.of(), "lambda").forEach((k, v) -> {
            if (!k.equals("Host")) { // the JDK's client sends the same Host itself
                request.header(k, v);
            }
        });
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200
                || r.headers().firstValue("X-Amz-Function-Error").isPresent()) {
            throw new IOException("invoke " + name + " failed: " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        report.append(text).append('\n');
        System.out.println(text);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
