package dev.lamina.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * CPU time and context switches of one process (the node's JVM, not its function processes), read
 * from {@code /proc}: sampled before and after a run, they give the node's cost per invocation.
 * Context switches are summed over the process's threads; a thread that ended between two samples
 * takes its count with it, so the figure is a lower bound.
 *
 * @param userMillis CPU time in user mode
 * @param systemMillis CPU time in the kernel
 * @param contextSwitches voluntary and involuntary, all threads
 */
record ProcessStats(double userMillis, double systemMillis, long contextSwitches) {
    private static final double TICK_MILLIS = 1000.0 / clockTicks();

    /** The current figures of process {@code pid}, or zeros where /proc cannot be read. */
    static ProcessStats of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        double user = 0;
        double system = 0;
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            user = Long.parseLong(f[11]) * TICK_MILLIS;
            system = Long.parseLong(f[12]) * TICK_MILLIS;
        } catch (IOException | RuntimeException e) {
            return new ProcessStats(0, 0, 0);
        }
        long switches = 0;
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"), StandardCharsets.US_ASCII)) {
                        if (line.startsWith("voluntary_ctxt_switches:")
                                || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            switches += Long.parseLong(
                                    line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            // no task list: leave the count at zero
        }
        return new ProcessStats(user, system, switches);
    }

    /** What happened between {@code before} and this sample. */
    ProcessStats minus(ProcessStats before) {
        return new ProcessStats(
                userMillis - before.userMillis,
                systemMillis - before.systemMillis,
                contextSwitches - before.contextSwitches);
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder(List.of("getconf", "CLK_TCK"))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
