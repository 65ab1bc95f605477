package dev.lamina.bench;

import java.nio.file.Path;
import java.util.Set;

/**
 * The options of {@code lamina-bench/services}.
 *
 * @param runs measured runs per figure
 * @param seconds length of one load run
 * @param warmup length of the warm-up load before a system's runs
 * @param connections connections of the load runs
 * @param events events per latency run
 * @param warmupEvents events sent before the latency runs, not measured
 * @param pauseMillis pause after each latency event's answer
 * @param only which parts run: {@code s3}, {@code sqs}, {@code dynamodb}, {@code kinesis}, {@code latency}
 * @param peers whether the peers (s3rver, ElasticMQ, dynalite, kinesalite) run beside the node
 */
record ServicesOptions(
        Path root,
        int runs,
        double seconds,
        double warmup,
        int connections,
        int events,
        int warmupEvents,
        int pauseMillis,
        Set<String> only,
        boolean peers) {
    static final Set<String> PARTS = Set.of("s3", "sqs", "dynamodb", "kinesis", "latency");
    static final String USAGE = """
            lamina-bench/services [options]
              --quick               3 runs x 3 s, 1 s warm-up, 50 events per latency run
              --runs N              measured runs per figure (default 3)
              --seconds S           seconds per load run (default 10)
              --warmup S            seconds of warm-up load before a system's runs (default 5)
              --connections C       connections of the load runs (default 16)
              --events N            events per latency run (default 200; 20 more before, not measured)
              --pause-ms M          pause after each latency event's answer (default 20)
              --only s3,sqs,dynamodb,kinesis,latency
                                    which parts run (default all)
              --no-peers            the node alone, without s3rver, ElasticMQ, dynalite and kinesalite
            """;

    static ServicesOptions parse(String[] args) {
        int runs = 3;
        double seconds = 10;
        double warmup = 5;
        int connections = 16;
        int events = 200;
        int pause = 20;
        Set<String> only = PARTS;
        boolean peers = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    seconds = 3;
                    warmup = 1;
                    events = 50;
                }
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--pause-ms" -> pause = Integer.parseInt(args[++i]);
                case "--only" -> {
                    only = Set.of(args[++i].split(","));
                    if (!PARTS.containsAll(only)) {
                        throw new IllegalArgumentException("--only takes some of " + PARTS + "\n" + USAGE);
                    }
                }
                case "--no-peers" -> peers = false;
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        return new ServicesOptions(
                BenchOptions.findRoot(), runs, seconds, warmup, connections, events, 20, pause, only, peers);
    }
}
