package dev.lamina.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator: Debian's {@code wrk}, started once per run with a Lua script made for the
 * target (method, body, headers) whose {@code response} checks every answer (the body
 * {@code {"ok":true}}, no {@code X-Amz-Function-Error}) and whose {@code done} prints the counts and
 * latency percentiles on one line. wrk keeps {@code connections} connections open and sends the next request on each as soon as
 * the previous answered (a closed loop), from one thread per core at most.
 */
final class Wrk {
    static final Path BINARY = Path.of("/usr/bin/wrk");
    private static final Pattern RESULT = Pattern.compile("WRK-RESULT requests=(\\d+) duration_us=(\\d+) errors=(\\d+)"
            + " status_errors=(\\d+) p50_us=(\\d+) p99_us=(\\d+) p999_us=(\\d+) max_us=(\\d+)"
            + " bad_bodies=(\\d+) function_errors=(\\d+)");

    private Wrk() {}

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Runs {@code connections} connections against {@code target} for {@code seconds} (whole seconds). */
    static LoadRun run(Target target, int connections, double seconds, Path work)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile(Files.createDirectories(work), "wrk-", ".lua");
        try {
            Files.writeString(script, script(target.headers().get()));
            List<String> command = new ArrayList<>(List.of(
                    BINARY.toString(),
                    "-t",
                    Integer.toString(Math.min(connections, Runtime.getRuntime().availableProcessors())),
                    "-c",
                    Integer.toString(connections),
                    "-d",
                    Math.max(1, Math.round(seconds)) + "s",
                    "--timeout",
                    "30s",
                    "-s",
                    script.toString(),
                    target.address().toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(Math.round(seconds) + 60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("wrk did not finish");
            }
            Matcher m = RESULT.matcher(output);
            if (p.exitValue() != 0 || !m.find()) {
                throw new IOException("wrk failed (exit " + p.exitValue() + "): " + output);
            }
            return new LoadRun(
                    Long.parseLong(m.group(1)),
                    Long.parseLong(m.group(2)) / 1e6,
                    Long.parseLong(m.group(3)) + Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(9)),
                    Long.parseLong(m.group(10)),
                    Long.parseLong(m.group(5)) / 1e3,
                    Long.parseLong(m.group(6)) / 1e3,
                    Long.parseLong(m.group(7)) / 1e3,
                    Long.parseLong(m.group(8)) / 1e3);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static String script(Map<String, String> headers) {
        StringBuilder lines = new StringBuilder("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        headers.forEach((k, v) -> lines.append("wrk.headers[\"")
                .append(lua(k))
                .append("\"] = \"")
                .append(lua(v))
                .append("\"\n"));
        return BenchFunction.text("/dev/lamina/bench/peers/wrk.lua")
                .replace("@METHOD@", "POST")
                .replace("@BODY@", new String(Target.EVENT, StandardCharsets.UTF_8))
                .replace("@HEADERS@", lines.toString().strip());
    }

    private static String lua(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
