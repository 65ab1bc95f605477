package dev.lamina.lambda;

/**
 * The node's limits on execution environments.
 *
 * @param concurrency invocations in flight at once on this node (default 1000)
 * @param memoryBudgetMb MemorySize summed over live environments (default: physical memory less 1 GiB)
 * @param idleMillis how long an idle environment is kept (default 10 minutes)
 * @param freezeAfterMillis how long an idle environment runs before it is frozen (default 50 ms)
 */
public record Limits(int concurrency, long memoryBudgetMb, long idleMillis, long freezeAfterMillis) {
    public static Limits defaults() {
        long physicalMb = physicalMemoryMb();
        return new Limits(1000, Math.max(1024, physicalMb - 1024), 600_000, 50);
    }

    public Limits withIdleMillis(long value) {
        return new Limits(concurrency, memoryBudgetMb, value, freezeAfterMillis);
    }

    public Limits withConcurrency(int value) {
        return new Limits(value, memoryBudgetMb, idleMillis, freezeAfterMillis);
    }

    public Limits withMemoryBudgetMb(long value) {
        return new Limits(concurrency, value, idleMillis, freezeAfterMillis);
    }

    private static long physicalMemoryMb() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize() / (1024 * 1024);
        }
        return 4096;
    }
}
