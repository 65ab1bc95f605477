package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a runtime's process tree. Implementations decide how it is confined; the caller owns the
 * returned process and must {@link Launched#destroy()} it.
 */
public interface ProcessLauncher {

    /**
     * @param command the program and its arguments
     * @param environment the complete environment (nothing is inherited from the node)
     * @param workDir the working directory
     * @param output where the process's stdout and stderr go (a FIFO the node reads)
     */
    Launched launch(List<String> command, Map<String, String> environment, Path workDir, Path output)
            throws IOException;

    /** Whether processes started here are isolated from each other and from the node. */
    boolean isolated();

    /** A started process tree. */
    interface Launched {
        Process process();

        /** Ends the whole tree: SIGTERM, up to {@code graceMillis}, then SIGKILL for what is left. */
        void destroy(long graceMillis);

        /** Peak resident memory of the tree since the last reset, in bytes, or -1 if unknown. */
        long peakMemoryBytes();

        /** Starts a new peak-memory measurement window. */
        void resetPeakMemory();
    }
}
