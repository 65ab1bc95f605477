package dev.lamina.lambda.environment;

import java.util.Set;

/** Lambda's words for how a runtime process ended, as Runtime.ExitError messages carry them. */
final class ExitReasons {
    /** Signals that end a process by accident or by force (SIGILL, SIGABRT, SIGBUS, SIGFPE, SIGKILL, SIGSEGV, SIGTERM). */
    private static final Set<Integer> FATAL = Set.of(4, 6, 7, 8, 9, 11, 15);

    private ExitReasons() {}

    /**
     * The reason for exit value {@code code} as the JDK reports it. The JDK reports a death by signal
     * N as 128 + N, which a plain exit status can also be (Node's runtime exits 128 and 129 itself),
     * so only kills by the node and fatal signals are read as signals.
     *
     * <p>Examples: 0 → "Runtime exited without providing a reason"; 2 → "Runtime exited with error:
     * exit status 2"; 137 → "…: signal: killed"; 129 → "…: exit status 129" unless the node killed it.
     */
    static String of(int code, boolean killedByNode) {
        if (code == 0) {
            return "Runtime exited without providing a reason";
        }
        int signal = code - 128;
        boolean bySignal = code > 128 && (killedByNode || FATAL.contains(signal));
        return "Runtime exited with error: " + (bySignal ? "signal: " + signalName(signal) : "exit status " + code);
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 9 -> "killed";
            case 15 -> "terminated";
            case 6 -> "aborted";
            case 11 -> "segmentation fault";
            default -> Integer.toString(signal);
        };
    }
}
