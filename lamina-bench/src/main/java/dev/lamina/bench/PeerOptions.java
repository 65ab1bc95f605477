package dev.lamina.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What {@code lamina-bench/peers} measures, and how long.
 *
 * @param runs measured runs per load level (the tables give the median)
 * @param seconds length of one run
 * @param warmup warm-up before each load level, in seconds
 * @param cold cold starts per system (the median is reported)
 * @param connections the load levels: open connections of the load generator
 * @param only which systems to run: {@code workerd}, {@code serverless-offline}, {@code lambda-local},
 *     {@code lamina}
 * @param peers where {@code node_modules} of the peers is (installed by the script)
 * @param root the repository
 * @param out where the table, CSV and chart go
 */
record PeerOptions(
        boolean quick,
        int runs,
        double seconds,
        double warmup,
        int cold,
        List<Integer> connections,
        Set<String> only,
        Path peers,
        Path root,
        Path out) {
    static final Set<String> SYSTEMS = Set.of("workerd", "serverless-offline", "lambda-local", "lamina");

    static PeerOptions parse(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        int runs = 3;
        double seconds = quick ? 2 : 6;
        double warmup = quick ? 1 : 5;
        int cold = quick ? 3 : 5;
        Set<String> only = SYSTEMS;
        Path root = BenchOptions.findRoot();
        Path peers = root.resolve("lamina-bench/target/peers");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> {}
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--cold" -> cold = Integer.parseInt(args[++i]);
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--peers" -> peers = Path.of(args[++i]).toAbsolutePath();
                case "--help", "-h" -> {
                    System.out.println("""
                            Usage: lamina-bench/peers [--quick] [--runs N] [--seconds S] [--warmup S] [--cold N]
                                                      [--only workerd,serverless-offline,lambda-local,lamina]
                            Default: 3 runs x 6 s at 1, 16 and 64 connections after 5 s of warm-up each,
                            5 cold starts per system: about 13 minutes. --quick: 3 runs x 2 s, 3 cold starts.""");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("Unknown option " + a + " (try --help)");
            }
        }
        for (String s : only) {
            if (!SYSTEMS.contains(s)) {
                throw new IllegalArgumentException("Unknown system " + s + "; known: " + SYSTEMS);
            }
        }
        return new PeerOptions(
                quick,
                runs,
                seconds,
                warmup,
                cold,
                List.of(1, 16, 64),
                only,
                peers,
                root,
                root.resolve("lamina-bench/target"));
    }

    Path bin(String name) {
        return peers.resolve("node_modules/.bin").resolve(name);
    }
}
