package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/** CPU time of processes, from {@code /proc/<pid>/stat} (user + system time of all their threads). */
final class ProcCpu {
    /** Linux reports these times in USER_HZ, 100 a second on every architecture it runs on. */
    private static final long NANOS_PER_TICK = TimeUnit.SECONDS.toNanos(1) / 100;

    private ProcCpu() {}

    /** The CPU time the live processes {@code pids} have used, in nanoseconds; a process gone meanwhile counts 0. */
    static long nanos(LongStream pids) {
        return pids.map(ProcCpu::ticks).sum() * NANOS_PER_TICK;
    }

    private static long ticks(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return 0;
        }
        // pid (comm) state ppid ...: comm may hold spaces and parentheses, so fields count from the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        try {
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
