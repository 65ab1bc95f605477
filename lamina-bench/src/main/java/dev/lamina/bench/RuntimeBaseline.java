package dev.lamina.bench;

import dev.lamina.lambda.runtime.HostRuntime;
import dev.lamina.lambda.runtime.RuntimeCatalog;
import dev.lamina.lambda.runtime.RuntimeFiles;
import dev.lamina.node.NodeConfig;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * A runtime client measured alone: the same process Lamina would start (same command, same runtime
 * interface client, same handler), driven by a minimal Runtime API served here, one blocking
 * thread per connection and nothing else. Its round trip, from writing the {@code /next} response
 * to having read the {@code /response} body, is what the runtime itself costs per invocation;
 * Lamina's invoke latency minus this is what the node adds.
 */
final class RuntimeBaseline implements AutoCloseable {
    private static final String NEXT = "GET /2018-06-01/runtime/invocation/next ";
    private static final byte[] ACCEPTED = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EVENT = "{\"bench\":true}".getBytes(StandardCharsets.UTF_8);

    /** An event handed to the runtime; completes with the round trip in nanoseconds. */
    private record Event(String requestId, CompletableFuture<Long> roundTrip) {}

    private final ServerSocket server;
    private final Process process;
    private final BlockingQueue<Event> events = new ArrayBlockingQueue<>(1);
    private volatile boolean closed;

    private RuntimeBaseline(ServerSocket server, Process process) {
        this.server = server;
        this.process = process;
    }

    /**
     * Starts {@code function}'s runtime as Lamina would, with its code unpacked under {@code work}.
     *
     * @param zip the function's deployment package (its files are written to the task root)
     */
    static RuntimeBaseline start(BenchFunction function, byte[] zip, Path work) throws IOException {
        Path taskRoot = Files.createDirectories(work.resolve("baseline-task-" + UUID.randomUUID()));
        unzip(zip, taskRoot);
        NodeConfig defaults = NodeConfig.defaults(work, System.getenv());
        HostRuntime runtime = RuntimeCatalog.discover(defaults.searchPath(), defaults.jvmRoots(), Map.of())
                .require(function.runtime());
        RuntimeFiles files = RuntimeFiles.install(work.resolve("baseline-runtime"), List.of(runtime), null);
        List<String> command = files.command(runtime, function.handler(), function.memoryMb(), taskRoot, files.dir());
        ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(taskRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("baseline-output.log").toFile()));
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(environment(function, "127.0.0.1:" + server.getLocalPort(), taskRoot, files.dir()));
        RuntimeBaseline baseline = new RuntimeBaseline(server, pb.start());
        Thread.ofPlatform().daemon().name("baseline-accept").start(baseline::acceptLoop);
        return baseline;
    }

    /**
     * Runs events back to back (or with {@code pauseNanos} after each) for {@code seconds}; returns
     * the runtime's round trips.
     */
    Histogram run(double seconds, long pauseNanos) throws IOException, InterruptedException {
        Histogram h = new Histogram(ClosedLoop.HIGHEST_NANOS, 3);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            h.recordValue(Math.min(ClosedLoop.HIGHEST_NANOS, once()));
            if (pauseNanos > 0) {
                LockSupport.parkNanos(pauseNanos);
            }
        }
        return h;
    }

    /** One event; returns its round trip. The first one also waits for the runtime's init. */
    long once() throws IOException, InterruptedException {
        Event event = new Event(UUID.randomUUID().toString(), new CompletableFuture<>());
        events.put(event);
        try {
            return event.roundTrip().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(
                    "The runtime did not answer (exit status "
                            + (process.isAlive() ? "none, still running" : process.exitValue()) + ")",
                    e);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread.ofPlatform().daemon().name("baseline-conn").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = socket.getOutputStream();
            Event current = null;
            long t0 = 0;
            while (!closed) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                int length = 0;
                String header;
                while ((header = line(in)) != null && !header.isEmpty()) {
                    if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                in.readNBytes(length);
                if (requestLine.startsWith(NEXT)) {
                    current = events.take();
                    String head = "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: " + current.requestId()
                            + "\r\nLambda-Runtime-Deadline-Ms: " + (System.currentTimeMillis() + 30_000)
                            + "\r\nLambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:000000000000:function:"
                            + "baseline\r\nLambda-Runtime-Trace-Id: Root=1-00000000-000000000000000000000000;Sampled=0"
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + EVENT.length + "\r\n\r\n";
                    t0 = System.nanoTime();
                    write(out, head, EVENT);
                } else if (current != null && requestLine.contains("/invocation/" + current.requestId() + "/")) {
                    long t1 = System.nanoTime();
                    boolean ok = requestLine.contains("/response ");
                    write(
                            out,
                            "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: "
                                    + ACCEPTED.length + "\r\n\r\n",
                            ACCEPTED);
                    if (ok) {
                        current.roundTrip().complete(t1 - t0);
                    } else {
                        current.roundTrip().completeExceptionally(new IOException("the function failed"));
                    }
                    current = null;
                } else {
                    write(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", new byte[0]);
                }
            }
        } catch (SocketException e) {
            // closed
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                System.err.println("baseline Runtime API: " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, String head, byte[] body) throws IOException {
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        out.write(all);
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream sb = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = sb.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            sb.write(b);
        }
        return sb.size() == 0 ? null : sb.toString(StandardCharsets.ISO_8859_1);
    }

    /** The variables Lamina gives a runtime (those the runtime clients read). */
    private static Map<String, String> environment(BenchFunction f, String api, Path taskRoot, Path runtimeDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("_HANDLER", f.handler());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + f.runtime());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "baseline");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(f.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/baseline");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "baseline");
        env.put("AWS_LAMBDA_RUNTIME_API", api);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        return env;
    }

    private static void unzip(byte[] zip, Path dir) throws IOException {
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            java.util.zip.ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("bad entry " + e.getName());
                }
                Files.createDirectories(target.getParent());
                Files.write(target, in.readAllBytes());
                if (e.getName().equals("bootstrap")) {
                    target.toFile().setExecutable(true);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RuntimeBaseline[pid %d, port %d]", process.pid(), server.getLocalPort());
    }
}
