package dev.lamina.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What to run.
 *
 * @param runs measured runs per load scenario
 * @param seconds length of each run
 * @param warmup warm-up before a scenario's runs, in seconds
 * @param cold measured cold starts per runtime (one more is made first and discarded)
 * @param only scenarios to run ({@code warm}, {@code paced}, {@code throughput}, {@code cold})
 * @param nodeJvmOptions extra JVM options for the node (e.g. a JFR recording)
 * @param nodeArgs extra arguments for {@code lamina server} (e.g. {@code --no-sandbox})
 */
record BenchOptions(
        boolean quick,
        int runs,
        double seconds,
        double warmup,
        int cold,
        int concurrency,
        Set<String> only,
        String nodeJvmOptions,
        List<String> nodeArgs,
        Path root) {

    /** Length of each run with a pause after every response: a third of the others (fewer requests fit). */
    double pacedSeconds() {
        return Math.max(0.7, seconds / 3);
    }

    static BenchOptions parse(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        int runs = quick ? 3 : 5;
        double seconds = quick ? 2 : 8;
        double warmup = quick ? 1 : 3;
        int cold = quick ? 3 : 5;
        int concurrency = 16;
        Set<String> only = Set.of("warm", "paced", "throughput", "cold");
        String jvm = "";
        List<String> nodeArgs = List.of();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> {}
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--cold" -> cold = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--node-jvm-options" -> jvm = args[++i];
                case "--node-args" -> nodeArgs = List.of(args[++i].trim().split("\\s+"));
                case "--help", "-h" -> {
                    System.out.println("""
                            Usage: lamina-bench/run [--quick] [--runs N] [--seconds S] [--warmup S] [--cold N]
                                                    [--concurrency C] [--only warm,paced,throughput,cold]
                                                    [--node-jvm-options "-XX:StartFlightRecording=..."]
                                                    [--node-args "--no-sandbox"]
                            Default: 5 runs x 8 s per load scenario (paced runs and runtime-alone runs are
                            shorter), 3 s warm-up, 5 cold starts per runtime: about 6 minutes.
                            --quick: 3 runs x 2 s, 1 s warm-up, 3 cold starts: about 1 minute.""");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("Unknown option " + a + " (try --help)");
            }
        }
        return new BenchOptions(quick, runs, seconds, warmup, cold, concurrency, only, jvm, nodeArgs, findRoot());
    }

    static Path findRoot() {
        String configured = System.getProperty("lamina.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("lamina")) && Files.isDirectory(dir.resolve("lamina-bench"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Run from inside the Lamina repository, or set -Dlamina.root");
    }
}
