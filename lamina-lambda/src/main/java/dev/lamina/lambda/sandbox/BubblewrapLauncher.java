package dev.lamina.lambda.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs each runtime in its own sandbox: a uid of its own with no capabilities ({@code setpriv}),
 * its own mount, PID, IPC and UTS namespaces ({@code bwrap}), a read-only root made of the host's
 * {@code /usr} and a few files of {@code /etc}, the code at {@code /var/task}, the runtime clients at
 * {@code /var/runtime}, the merged layers (or nothing) at {@code /opt}, a private size-limited
 * {@code /tmp}, and a cgroup that
 * holds it to its memory, CPU share and process count. The process joins its cgroup before it runs
 * anything (a shell writes its own pid, then execs), so no child can start outside it.
 */
public final class BubblewrapLauncher implements ProcessLauncher {
    private static final Logger LOG = Logger.getLogger(BubblewrapLauncher.class.getName());
    private static final int INSIDE_UID = 993;
    private static final int INSIDE_GID = 990;

    private final Path bwrap;
    private final Path setpriv;
    private final Cgroups cgroups;
    private final UidPool uids;
    private final boolean network;
    /** The sandboxes' own network (decision 26); {@code null} when they share the host's or have none. */
    private final SandboxNetwork ownNetwork;
    /** Where the node's AWS endpoint listens, once it does. */
    private volatile InetSocketAddress node;

    private final List<String> rootBinds;
    private final Path socketDir;

    private static final Path SOCAT = Path.of("/usr/bin/socat");
    private static final Path BASH = Path.of("/usr/bin/bash");

    /**
     * @param network whether functions have a network; without it they get a network namespace with
     *     only loopback
     * @param ownNetwork with {@code network}: each sandbox's own namespace on this network, else
     *     {@code null} for the host's network
     */
    public BubblewrapLauncher(
            Path bwrap,
            Path setpriv,
            Cgroups cgroups,
            int firstUid,
            boolean network,
            SandboxNetwork ownNetwork,
            Path socketDir,
            List<Path> shared) {
        this.ownNetwork = network ? ownNetwork : null;
        this.socketDir = socketDir;
        this.bwrap = bwrap;
        this.setpriv = setpriv;
        this.cgroups = cgroups;
        this.uids = new UidPool(firstUid, 60_000);
        this.network = network;
        List<String> binds = new ArrayList<>(
                SandboxRoot.binds(SandboxRoot.prepareEtc(socketDir.resolveSibling("etc"), this.ownNetwork != null)));
        for (Path path : shared) {
            binds.addAll(List.of("--ro-bind", path.toString(), path.toString()));
        }
        this.rootBinds = List.copyOf(binds);
    }

    /**
     * A launcher when this host can sandbox (Linux, root, bwrap, setpriv, cgroups), else {@code null}.
     * With {@code network} and {@code isolate}, each sandbox gets a network namespace of its own
     * when the host can make them (else it shares the host's, said in the log and {@link #network()}).
     *
     * @param socketDir where Runtime API sockets for sandboxes without network are made
     * @throws IllegalStateException when {@code network} is off and socat, which relays the Runtime
     *     API inside such sandboxes, is missing
     */
    public static BubblewrapLauncher detect(boolean network, boolean isolate, Path socketDir, List<Path> shared) {
        Path bwrap = Path.of("/usr/bin/bwrap");
        Path setpriv = Path.of("/usr/bin/setpriv");
        if (!System.getProperty("os.name").equals("Linux")
                || !Files.isExecutable(bwrap)
                || !Files.isExecutable(setpriv)
                || !"root".equals(System.getProperty("user.name"))) {
            return null;
        }
        sweepStaleCgroups(Path.of("/sys/fs/cgroup"));
        SandboxNetwork.sweepStale();
        Cgroups cgroups = Cgroups.detect(Path.of("/sys/fs/cgroup"));
        if (cgroups == null) {
            return null;
        }
        if (!network && (!Files.isExecutable(SOCAT) || !Files.isExecutable(BASH))) {
            throw new IllegalStateException(
                    "--no-network needs socat (Debian package socat) and bash to relay the Runtime API");
        }
        SandboxNetwork own = null;
        if (network && isolate) {
            try {
                own = SandboxNetwork.open(2);
            } catch (IOException | RuntimeException e) {
                LOG.warning("Functions SHARE THE HOST'S NETWORK (they reach its loopback services): this host"
                        + " cannot give sandboxes a network of their own: " + e.getMessage());
            }
        }
        return new BubblewrapLauncher(bwrap, setpriv, cgroups, 200_000, network, own, socketDir, shared);
    }

    @Override
    public String network() {
        return !network ? "none" : ownNetwork != null ? "isolated" : "host";
    }

    @Override
    public void nodeListensAt(InetSocketAddress address) throws IOException {
        node = address;
        if (ownNetwork != null) {
            ownNetwork.exposeNode(address);
            ownNetwork.prepareAhead();
        }
    }

    @Override
    public Optional<String> nodeEndpoint(Sandbox sandbox) {
        if (!network) {
            return Optional.empty();
        }
        if (ownNetwork == null) {
            return Optional.ofNullable(node).map(ProcessLauncher::onHostNetwork);
        }
        return ownNetwork
                .node()
                .map(node -> "http://" + ownNetwork.subnet().gateway().getHostAddress() + ":" + node.getPort());
    }

    /** Clears what killed nodes left, and says so: a node's start-up waits for it. */
    private static void sweepStaleCgroups(Path root) {
        StaleCgroups.Swept swept = StaleCgroups.ofHost(root).sweep();
        if (swept.environments() > 0) {
            LOG.info("Swept " + swept.environments() + " environments left by stopped nodes in "
                    + swept.took().toMillis() + " ms"
                    + (swept.remaining() > 0 ? " (" + swept.remaining() + " remain)" : ""));
        }
    }

    @Override
    public void close() {
        cgroups.close();
        if (ownNetwork != null) {
            ownNetwork.close();
        }
    }

    public String cgroupVersion() {
        return cgroups.version();
    }

    @Override
    public boolean isolated() {
        return true;
    }

    @Override
    public Sandbox prepare(SandboxSpec spec) throws IOException {
        Cgroups.Cgroup cgroup = cgroups.create(spec.id(), Cgroups.Limits.forMemory(spec.memoryMb()));
        int uid;
        try {
            uid = uids.take();
        } catch (RuntimeException e) {
            cgroup.delete();
            throw e;
        }
        SandboxNetwork.Namespace namespace = null;
        if (ownNetwork != null) {
            try {
                namespace = ownNetwork.take();
            } catch (IOException | RuntimeException e) {
                cgroup.delete();
                uids.release(uid);
                throw e;
            }
        }
        return new BwrapSandbox(spec, cgroup, uid, namespace);
    }

    private final class BwrapSandbox implements Sandbox {
        private final SandboxSpec spec;
        private final Cgroups.Cgroup cgroup;
        private final int uid;
        /** Its own network namespace, or {@code null} for the host's (or none). */
        private final SandboxNetwork.Namespace namespace;

        private volatile Process process;
        /** Started by {@link #startPreloaded}: {@link #release} then sends NUL-separated entries, not a shell line. */
        private boolean preloaded;

        private volatile boolean closed;

        BwrapSandbox(SandboxSpec spec, Cgroups.Cgroup cgroup, int uid, SandboxNetwork.Namespace namespace) {
            this.spec = spec;
            this.cgroup = cgroup;
            this.uid = uid;
            this.namespace = namespace;
        }

        @Override
        public Optional<OwnNetwork> ownNetwork() {
            return namespace == null
                    ? Optional.empty()
                    : Optional.of(new OwnNetwork(
                            ownNetwork.subnet().gateway(),
                            namespace.address(),
                            ownNetwork.node().map(InetSocketAddress::getPort).orElse(0)));
        }

        @Override
        public OptionalInt uid() {
            return OptionalInt.of(uid);
        }

        @Override
        public Path taskRootInside() {
            return Path.of("/var/task");
        }

        @Override
        public Path runtimeDirInside() {
            return Path.of("/var/runtime");
        }

        @Override
        public java.util.Optional<Path> runtimeApiSocket() {
            return network ? java.util.Optional.empty() : java.util.Optional.of(socketDir.resolve(spec.id() + ".sock"));
        }

        @Override
        public Process start(List<String> command, Map<String, String> environment, Path output) throws IOException {
            return spawn(command, environment, output, false);
        }

        @Override
        public Process startWaiting(Path output) throws IOException {
            if (!network) {
                throw new UnsupportedOperationException("sandboxes without network are not started ahead of demand");
            }
            // The waiter reads one line, the command to run, and evals it: exec env -i … runtime.
            return spawn(
                    List.of("/bin/sh", "-c", "read -r lamina_command && eval \"$lamina_command\""),
                    Map.of("PATH", "/usr/bin:/bin"),
                    output,
                    true);
        }

        @Override
        public Process startPreloaded(Path output, List<String> command, Map<String, String> environment)
                throws IOException {
            if (!network) {
                throw new UnsupportedOperationException("sandboxes without network are not started ahead of demand");
            }
            preloaded = true;
            return spawn(command, environment, output, true);
        }

        @Override
        public void release(List<String> command, Map<String, String> environment) throws IOException {
            if (preloaded) {
                StringBuilder request = new StringBuilder();
                environment.forEach(
                        (k, v) -> request.append(k).append('=').append(v).append('\0'));
                request.append('\0');
                command.forEach(arg -> request.append(arg).append('\0'));
                try (var stdin = process.getOutputStream()) {
                    stdin.write(request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                return;
            }
            StringBuilder line = new StringBuilder("exec /usr/bin/env -i");
            environment.forEach((k, v) -> line.append(' ').append(shellQuote(k + "=" + v)));
            for (String arg : command) {
                line.append(' ').append(shellQuote(arg));
            }
            line.append('\n');
            try (var stdin = process.getOutputStream()) {
                stdin.write(line.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }

        @Override
        public void resize(int memoryMb) throws IOException {
            cgroup.update(Cgroups.Limits.forMemory(memoryMb));
        }

        private static String shellQuote(String s) {
            return "'" + s.replace("'", "'\\''") + "'";
        }

        private Process spawn(List<String> command, Map<String, String> environment, Path output, boolean stdinPipe)
                throws IOException {
            List<String> argv = new ArrayList<>();
            // Join the cgroup first, then become the sandbox: nothing runs outside the limits.
            StringBuilder join = new StringBuilder();
            for (Path procs : cgroup.procsFiles()) {
                join.append("echo $$ > '").append(procs).append("' || exit 125; ");
            }
            join.append("exec \"$@\"");
            argv.addAll(List.of("/bin/sh", "-c", join.toString(), "lamina-sandbox"));
            if (namespace != null) {
                // joined as root, before the uid switch: the sandbox's user may not enter namespaces
                argv.addAll(ownNetwork.joinPrefix(namespace));
            }
            argv.addAll(List.of(
                    setpriv.toString(),
                    "--reuid=" + uid,
                    "--regid=" + uid,
                    "--clear-groups",
                    "--inh-caps=-all",
                    "--no-new-privs",
                    bwrap.toString(),
                    "--unshare-user",
                    "--uid",
                    Integer.toString(INSIDE_UID),
                    "--gid",
                    Integer.toString(INSIDE_GID),
                    "--unshare-pid",
                    "--unshare-ipc",
                    "--unshare-uts",
                    "--unshare-cgroup-try",
                    "--hostname",
                    "localhost",
                    "--die-with-parent",
                    "--new-session"));
            if (!network) {
                argv.add("--unshare-net");
                argv.addAll(
                        List.of("--bind", runtimeApiSocket().orElseThrow().toString(), "/run/lamina-runtime-api.sock"));
            }
            argv.addAll(rootBinds);
            Path interpreter = spec.interpreter();
            if (interpreter != null && !interpreter.toAbsolutePath().startsWith("/usr")) {
                Path home = interpreter.toAbsolutePath().getParent().getParent();
                argv.addAll(List.of("--ro-bind", home.toString(), home.toString()));
            }
            argv.addAll(List.of(
                    "--proc",
                    "/proc",
                    "--dev",
                    "/dev",
                    "--size",
                    Long.toString(spec.tmpMb() * 1024L * 1024L),
                    "--tmpfs",
                    "/tmp",
                    "--ro-bind",
                    spec.taskRoot().toString(),
                    "/var/task",
                    "--ro-bind",
                    spec.runtimeDir().toString(),
                    "/var/runtime"));
            if (spec.optDir() != null) {
                argv.addAll(List.of("--ro-bind", spec.optDir().toString(), "/opt"));
            } else {
                argv.addAll(List.of("--dir", "/opt"));
            }
            argv.addAll(List.of("--remount-ro", "/", "--chdir", "/var/task", "--"));
            if (!network) {
                argv.addAll(relayPrefix());
            }
            argv.addAll(command);
            process = Spawn.start(argv, environment, spec.taskRoot(), output, stdinPipe);
            return process;
        }

        @Override
        public void destroy(long graceMillis) {
            thaw();
            terminateRuntime();
            Process p = process;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
            while (System.nanoTime() < deadline && !cgroup.pids().isEmpty()) {
                sleepBriefly();
            }
            for (int round = 0; round < 100 && !cgroup.pids().isEmpty(); round++) {
                signalAll(true);
                sleepBriefly();
            }
            if (p != null) {
                p.destroyForcibly();
            }
        }

        /**
         * SIGTERM to the runtime's processes but not to bubblewrap's: when bubblewrap's init (pid 1
         * of the sandbox) ends, the kernel kills everything left at once, before a runtime could
         * handle its SIGTERM.
         */
        private void terminateRuntime() {
            Process p = process;
            java.util.Set<Long> bwrapPids = new java.util.HashSet<>();
            if (p != null) {
                bwrapPids.add(p.pid());
                p.children().forEach(c -> bwrapPids.add(c.pid()));
            }
            for (long pid : cgroup.pids()) {
                if (!bwrapPids.contains(pid)) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
                }
            }
        }

        private void signalAll(boolean kill) {
            for (long pid : cgroup.pids()) {
                ProcessHandle.of(pid).ifPresent(h -> {
                    if (kill) {
                        h.destroyForcibly();
                    } else {
                        h.destroy();
                    }
                });
            }
        }

        /**
         * Inside a sandbox without network: start socat relaying 127.0.0.1:9001 to the bound socket,
         * wait until it listens, then exec the runtime.
         */
        private List<String> relayPrefix() {
            String[] hostPort = RELAYED_RUNTIME_API.split(":");
            String script = SOCAT + " TCP-LISTEN:" + hostPort[1] + ",bind=" + hostPort[0]
                    + ",reuseaddr,fork UNIX-CONNECT:/run/lamina-runtime-api.sock 2>/dev/null & "
                    + "for i in $(seq 1 500); do "
                    + "(exec 3<>/dev/tcp/" + hostPort[0] + "/" + hostPort[1] + ") 2>/dev/null && exec \"$@\"; "
                    + "sleep 0.002; done; echo 'lamina: the Runtime API relay did not start' >&2; exit 125";
            return List.of(BASH.toString(), "-c", script, "lamina-relay");
        }

        @Override
        public long peakMemoryBytes() {
            return cgroup.peakMemoryBytes();
        }

        @Override
        public void resetPeakMemory() {
            cgroup.resetPeakMemory();
        }

        @Override
        public boolean outOfMemory() {
            return cgroup.oomKills() > 0;
        }

        @Override
        public void freeze() {
            try {
                cgroup.freeze();
            } catch (IOException e) {
                LOG.log(Level.FINE, "freezing " + spec.id(), e);
            }
        }

        @Override
        public void thaw() {
            try {
                cgroup.thaw();
            } catch (IOException e) {
                LOG.log(Level.FINE, "thawing " + spec.id(), e);
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!cgroup.pids().isEmpty()) {
                destroy(0);
            }
            cgroup.delete();
            uids.release(uid);
            if (namespace != null) {
                ownNetwork.release(namespace);
            }
        }

        private static void sleepBriefly() {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
