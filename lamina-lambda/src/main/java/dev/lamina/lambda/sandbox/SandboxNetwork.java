package dev.lamina.lambda.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The network of one node's sandboxes (decision 26): a bridge with the node's address on it, one
 * network namespace per sandbox joined to the bridge by a veth pair, and the nftables fence
 * ({@link NetworkFence}) that lets a sandbox reach the internet but, of the host, only the node's
 * Runtime API endpoints and its AWS endpoint. A namespace takes ~40 ms of {@code ip} commands to
 * make, so a few are made ahead on a background thread (from the node's start on) and a cold start
 * takes a ready one.
 *
 * <p>Thread-safe: {@link #take} and {@link #release} are called from the threads that start and
 * end environments; making and removing namespaces runs on this network's own thread.
 */
public final class SandboxNetwork implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SandboxNetwork.class.getName());
    private static final AtomicInteger NODES_IN_THIS_JVM = new AtomicInteger();
    /** Serializes choosing a subnet among this JVM's nodes; the lock file does so among processes. */
    private static final Object CHOOSING = new Object();

    private static final Path LOCK_FILE = Path.of("/run/lamina-network.lock");
    private static final Path NAMESPACES = Path.of("/run/netns");
    private static final Path INTERFACES = Path.of("/sys/class/net");

    /** One sandbox's namespace: joined with {@code nsenter --net=<path>}, its only address {@code address}. */
    public record Namespace(int index, String name, Path path, InetAddress address) {}

    private final NetworkNames names;
    private final Subnet subnet;
    private final Tools tools;
    private final int readyTarget;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("lamina-netns").factory());

    private final Deque<Namespace> ready = new ArrayDeque<>();
    private final BitSet used = new BitSet();
    private int preparing;
    private boolean closed;
    private volatile InetSocketAddress node;

    /** Where the host's tools are. */
    record Tools(String ip, String nft, String nsenter) {
        static Optional<Tools> find() {
            Optional<String> ip = which("ip");
            Optional<String> nft = which("nft");
            Optional<String> nsenter = which("nsenter");
            if (ip.isEmpty() || nft.isEmpty() || nsenter.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Tools(ip.get(), nft.get(), nsenter.get()));
        }

        private static Optional<String> which(String tool) {
            return List.of("/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/").stream()
                    .map(dir -> Path.of(dir + tool))
                    .filter(Files::isExecutable)
                    .map(Path::toString)
                    .findFirst();
        }
    }

    private SandboxNetwork(NetworkNames names, Subnet subnet, Tools tools, int readyTarget) {
        this.names = names;
        this.subnet = subnet;
        this.tools = tools;
        this.readyTarget = readyTarget;
    }

    /**
     * Makes this node's bridge and fence.
     *
     * @param readyTarget how many namespaces to keep made ahead
     * @throws IOException with the reason when the host cannot (no {@code ip}, {@code nft} or
     *     {@code nsenter}, no free subnet, a tool that fails); nothing is left behind then
     */
    public static SandboxNetwork open(int readyTarget) throws IOException {
        Tools tools = Tools.find()
                .orElseThrow(() -> new IOException(
                        "needs ip (iproute2), nft (nftables) and nsenter (util-linux) under /usr/sbin or /usr/bin"));
        NetworkNames names = NetworkNames.of(ProcessHandle.current().pid(), NODES_IN_THIS_JVM.getAndIncrement());
        Subnet subnet;
        synchronized (CHOOSING) {
            try (FileChannel lock = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                lock.lock(); // released when the channel closes
                String routes = HostCommand.run(List.of(tools.ip(), "-4", "route", "show", "table", "all"), "");
                subnet = Subnet.choose(routes.lines().toList())
                        .orElseThrow(() -> new IOException("every /21 of 10.200.0.0/13 is routed already"));
                HostCommand.run(
                        List.of(tools.ip(), "-batch", "-"),
                        "link add " + names.bridge() + " address " + Subnet.mac(subnet.gateway())
                                + " type bridge\n"
                                + "addr add " + subnet.gateway().getHostAddress() + "/" + Subnet.PREFIX + " dev "
                                + names.bridge() + "\n"
                                + "link set " + names.bridge() + " up\n");
            }
        }
        SandboxNetwork network = new SandboxNetwork(names, subnet, tools, readyTarget);
        try {
            enableForwarding();
            // The node's AWS endpoint is reached by translating the bridge address to loopback.
            Files.writeString(Path.of("/proc/sys/net/ipv4/conf", names.bridge(), "route_localnet"), "1");
            network.applyFence();
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    private static void enableForwarding() throws IOException {
        Path forwarding = Path.of("/proc/sys/net/ipv4/ip_forward");
        if (!Files.readString(forwarding).strip().equals("1")) {
            Files.writeString(forwarding, "1");
            LOG.info("Turned on IPv4 forwarding (net.ipv4.ip_forward=1): sandboxes reach the network through it");
        }
    }

    public Subnet subnet() {
        return subnet;
    }

    public NetworkNames names() {
        return names;
    }

    /** Where the node's AWS endpoint listens, once it does: sandboxes reach it at the gateway and this port. */
    public Optional<InetSocketAddress> node() {
        return Optional.ofNullable(node);
    }

    /** Opens the node's AWS endpoint (bound at {@code address}) to sandboxes, at the gateway address. */
    public void exposeNode(InetSocketAddress address) throws IOException {
        node = address;
        applyFence();
    }

    private void applyFence() throws IOException {
        HostCommand.run(List.of(tools.nft(), "-f", "-"), NetworkFence.ruleset(names, subnet, node));
    }

    /** What a sandbox's command starts with to join {@code namespace}: run as root, before the uid switch. */
    List<String> joinPrefix(Namespace namespace) {
        return List.of(tools.nsenter(), "--net=" + namespace.path());
    }

    /** A namespace for one sandbox: a ready one, else one made now; more are then made ahead. */
    public Namespace take() throws IOException {
        Namespace namespace;
        int index = -1;
        synchronized (this) {
            if (closed) {
                throw new IOException("the node is stopping");
            }
            namespace = ready.poll();
            if (namespace == null) {
                index = reserve();
            }
        }
        if (namespace == null) {
            try {
                namespace = make(index);
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    used.clear(index);
                }
                throw e;
            }
        }
        prepareAhead();
        return namespace;
    }

    /** Removes a namespace whose sandbox is gone, in the background. */
    public void release(Namespace namespace) {
        try {
            worker.execute(() -> remove(namespace));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            remove(namespace);
        }
    }

    /**
     * Makes namespaces ahead of demand on this network's thread, so that even the node's first
     * sandbox takes a ready one; called once the node serves, and after each {@link #take}.
     */
    public synchronized void prepareAhead() {
        while (!closed && ready.size() + preparing < readyTarget && used.nextClearBit(0) < subnet.capacity()) {
            int index = reserve();
            preparing++;
            worker.execute(() -> {
                Namespace made = null;
                try {
                    made = make(index);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "could not make a network namespace ahead of demand", e);
                }
                boolean keep;
                synchronized (this) {
                    preparing--;
                    keep = made != null && !closed;
                    if (keep) {
                        ready.add(made);
                    } else if (made == null) {
                        used.clear(index);
                    }
                }
                if (made != null && !keep) {
                    remove(made);
                }
            });
        }
    }

    private int reserve() {
        int index = used.nextClearBit(0);
        if (index >= subnet.capacity()) {
            throw new IllegalStateException(
                    "all " + subnet.capacity() + " sandbox addresses of " + subnet.cidr() + " are in use");
        }
        used.set(index);
        return index;
    }

    private Namespace make(int index) throws IOException {
        String name = names.namespace(index);
        String veth = names.veth(index);
        Namespace namespace = new Namespace(index, name, NAMESPACES.resolve(name), subnet.host(index));
        try {
            HostCommand.run(
                    List.of(tools.ip(), "-batch", "-"),
                    "netns add " + name + "\n"
                            + "link add " + veth + " type veth peer name eth0 address "
                            + Subnet.mac(namespace.address()) + " netns " + name + "\n"
                            + "link set " + veth + " master " + names.bridge() + "\n"
                            // no frames between sandboxes, only to and from the bridge itself
                            + "link set " + veth + " type bridge_slave isolated on\n"
                            + "link set " + veth + " up\n");
            HostCommand.run(
                    List.of(tools.ip(), "-n", name, "-batch", "-"),
                    "addr add " + namespace.address().getHostAddress() + "/" + Subnet.PREFIX + " dev eth0\n"
                            + "link set eth0 up\n"
                            + "link set lo up\n"
                            + "route add default via " + subnet.gateway().getHostAddress() + "\n");
            return namespace;
        } catch (IOException | RuntimeException e) {
            removeQuietly(namespace);
            throw e;
        }
    }

    private void remove(Namespace namespace) {
        removeQuietly(namespace);
        synchronized (this) {
            used.clear(namespace.index());
        }
    }

    private void removeQuietly(Namespace namespace) {
        // Deleting one end of the veth pair deletes both; deleting the name lets the kernel free
        // the namespace once its last process is gone.
        try {
            HostCommand.run(
                    List.of(tools.ip(), "-force", "-batch", "-"),
                    "link del " + names.veth(namespace.index()) + "\nnetns del " + namespace.name() + "\n");
        } catch (IOException e) {
            LOG.log(Level.FINE, "removing " + namespace.name(), e);
        }
    }

    /** Removes every namespace, the bridge and the fence; called once every sandbox is closed. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        worker.shutdown();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            ready.clear();
        }
        NetworkSweep.remove(tools, name -> NetworkNames.isOf(name, names));
    }

    /** Removes what nodes that died without stopping left: their namespaces, veths, bridges and fences. */
    public static void sweepStale() {
        Tools.find().ifPresent(tools -> NetworkSweep.remove(tools, NetworkSweep::ofDeadNode));
    }

    static Path namespaces() {
        return NAMESPACES;
    }

    static Path interfaces() {
        return INTERFACES;
    }
}
