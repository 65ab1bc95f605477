package dev.lamina.lambda.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Makes the sandboxes runtimes run in. {@link #prepare} sets one up (its uid, its cgroup);
 * {@link Sandbox#start} starts the runtime in it. Called from the threads that start environments;
 * implementations are thread-safe.
 */
public interface ProcessLauncher {
    /** Where a sandbox without network finds its Runtime API. */
    String RELAYED_RUNTIME_API = "127.0.0.1:9001";

    Sandbox prepare(SandboxSpec spec) throws IOException;

    /** Whether runtimes are isolated from each other and from the node, and held to their limits. */
    boolean isolated();

    /** The network functions get: {@code isolated} (their own), {@code host} (the host's) or {@code none}. */
    default String network() {
        return "host";
    }

    /**
     * Tells the launcher where the node's AWS endpoint listens, once it does, so that functions can
     * reach it ({@link #nodeEndpoint}). Called once, at the node's start.
     */
    void nodeListensAt(InetSocketAddress address) throws IOException;

    /**
     * The node's AWS endpoint as {@code sandbox} reaches it (a function's {@code AWS_ENDPOINT_URL}),
     * or empty when it cannot (no network, or before {@link #nodeListensAt}).
     */
    Optional<String> nodeEndpoint(Sandbox sandbox);

    /** The endpoint of a node listening at {@code address} as a process on the host's network reaches it. */
    static String onHostNetwork(InetSocketAddress address) {
        InetAddress host = address.getAddress();
        String name = host.isAnyLocalAddress() ? "127.0.0.1" : host.getHostAddress();
        return "http://" + (name.contains(":") ? "[" + name + "]" : name) + ":" + address.getPort();
    }

    /**
     * A sandbox's own network: it reaches the node at {@code node} (where its Runtime API endpoint
     * listens) and its connections come from {@code sandbox}, an address nothing else can use.
     *
     * @param nodePort the port at {@code node} that leads to the node's AWS endpoint (the fence
     *     translates it to where the node listens), or 0 before the node listens: an endpoint bound
     *     there on this port would never see a connection
     */
    record OwnNetwork(InetAddress node, InetAddress sandbox, int nodePort) {}

    /** Releases what the launcher holds for all sandboxes; called after every sandbox is closed. */
    default void close() {}

    /** One environment's sandbox. Its owner must {@link #close()} it once the process tree is gone. */
    interface Sandbox extends AutoCloseable {

        /** The host uid the runtime runs as, when it has one of its own. */
        OptionalInt uid();

        /** The sandbox's own network, when it has one (else it shares the host's, or has none). */
        default Optional<OwnNetwork> ownNetwork() {
            return Optional.empty();
        }

        /** Where the code appears to the runtime. */
        Path taskRootInside();

        /** Where the runtime clients appear to the runtime. */
        Path runtimeDirInside();

        /** Where the function's layers appear to the runtime. */
        default Path optDirInside() {
            return Path.of("/opt");
        }

        /**
         * When the sandbox has no network: the host path of the Unix socket it reaches its Runtime API
         * through (the node must relay it), and the runtime then finds its API at
         * {@link #RELAYED_RUNTIME_API}. Empty when the runtime reaches the node's loopback directly.
         */
        default Optional<Path> runtimeApiSocket() {
            return Optional.empty();
        }

        /**
         * Starts the runtime.
         *
         * @param command the program and its arguments, in the sandbox's paths
         * @param environment the complete environment (nothing is inherited from the node)
         * @param output where stdout and stderr go (a FIFO the node reads)
         */
        Process start(List<String> command, Map<String, String> environment, Path output) throws IOException;

        /**
         * Starts the sandbox ahead of demand with a waiter that runs nothing until {@link #release}:
         * a later cold start then skips the sandbox's set-up. Unsupported where sandboxes are cheap.
         */
        default Process startWaiting(Path output) throws IOException {
            throw new UnsupportedOperationException("this launcher does not start sandboxes ahead of demand");
        }

        /**
         * Like {@link #startWaiting}, but the waiter is {@code command} itself, started now with
         * {@code environment}: a runtime's interpreter that loads what it can before demand, then
         * takes what {@link #release} sends on its stdin (NUL-separated {@code KEY=VALUE} entries,
         * an empty one, the command's arguments; then EOF).
         */
        default Process startPreloaded(Path output, List<String> command, Map<String, String> environment)
                throws IOException {
            throw new UnsupportedOperationException("this launcher does not start sandboxes ahead of demand");
        }

        /** Tells a waiting sandbox to run {@code command} with exactly {@code environment}. */
        default void release(List<String> command, Map<String, String> environment) throws IOException {
            throw new UnsupportedOperationException("this launcher does not start sandboxes ahead of demand");
        }

        /** Sets the memory limit (and the CPU weight that follows it) to another MemorySize. */
        default void resize(int memoryMb) throws IOException {}

        /** Ends the whole process tree: SIGTERM, up to {@code graceMillis}, then SIGKILL for what is left. */
        void destroy(long graceMillis);

        /** Peak memory since the last reset, in bytes, or -1 if unknown. */
        long peakMemoryBytes();

        /** Starts a new peak-memory window. */
        void resetPeakMemory();

        /** Whether the memory limit killed a process of this sandbox. */
        boolean outOfMemory();

        /** Stops every process of the sandbox from running until {@link #thaw()}; no-op where unsupported. */
        void freeze();

        void thaw();

        /** Releases what {@link #prepare} took (uid, cgroup). */
        @Override
        void close();
    }
}
