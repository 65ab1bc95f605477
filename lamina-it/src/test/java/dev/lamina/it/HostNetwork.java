package dev.lamina.it;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The host's network as tests see and shape it: its tools, its addresses, and an "internet" of their own. */
final class HostNetwork {
    private HostNetwork() {}

    /** Whether this host has the tools the tests need to make namespaces (root, ip). */
    static boolean canMakeNamespaces() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/ip"));
    }

    static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }

    /** A non-loopback IPv4 address of this host (eth0's, say), if it has one. */
    static Optional<InetAddress> otherAddress() throws IOException {
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (nic.isLoopback() || !nic.isUp() || nic.getName().startsWith("lb")) {
                continue;
            }
            for (InetAddress a : nic.inetAddresses().toList()) {
                if (a instanceof Inet4Address) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * What Lamina made on the host for the networks of this JVM's nodes: namespaces, interfaces and
     * nftables tables whose names carry this process's pid.
     */
    static List<String> laminaNetworkObjects() throws IOException, InterruptedException {
        String pid = Long.toString(ProcessHandle.current().pid(), 36);
        List<String> found = new ArrayList<>();
        found.addAll(names(Path.of("/run/netns"), "lamina-" + pid + "-"));
        found.addAll(names(Path.of("/sys/class/net"), "lb" + pid + "-"));
        found.addAll(names(Path.of("/sys/class/net"), "lv" + pid + "-"));
        if (Files.isExecutable(Path.of("/usr/sbin/nft"))) {
            run("/usr/sbin/nft", "list", "tables", "ip")
                    .lines()
                    .filter(l -> l.startsWith("table ip lamina_" + pid + "_"))
                    .forEach(found::add);
        }
        return found;
    }

    static List<String> names(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix))
                    .toList();
        }
    }

    /**
     * A network namespace standing for the internet: a veth from the host to it, addresses from the
     * benchmarking range 198.18.0.0/15, and a TCP server in it that answers every connection with
     * {@code internet}. Removed, with its server, on close.
     */
    static final class Internet implements AutoCloseable {
        final String namespace;
        final String veth;
        final String address;
        final int port = 8080;
        private final Process server;

        Internet(int n) throws IOException, InterruptedException {
            namespace = "lmtest-inet-" + n;
            veth = "lmti" + n;
            String prefix = "198.18." + n + ".";
            address = prefix + "2";
            run("/usr/sbin/ip", "netns", "add", namespace);
            try {
                run("/usr/sbin/ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", namespace);
                run("/usr/sbin/ip", "addr", "add", prefix + "1/30", "dev", veth);
                run("/usr/sbin/ip", "link", "set", veth, "up");
                run("/usr/sbin/ip", "-n", namespace, "addr", "add", address + "/30", "dev", "eth0");
                run("/usr/sbin/ip", "-n", namespace, "link", "set", "eth0", "up");
                run("/usr/sbin/ip", "-n", namespace, "route", "add", "default", "via", prefix + "1");
                server = new ProcessBuilder(
                                "/usr/sbin/ip",
                                "netns",
                                "exec",
                                namespace,
                                "/usr/bin/python3",
                                "-c",
                                "import socket\n"
                                        + "s = socket.create_server(('" + address + "', " + port + "))\n"
                                        + "while True:\n"
                                        + "    c, _ = s.accept()\n"
                                        + "    c.sendall(b'internet')\n"
                                        + "    c.close()\n")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                awaitServer();
            } catch (IOException | InterruptedException | RuntimeException e) {
                close();
                throw e;
            }
        }

        private void awaitServer() throws IOException, InterruptedException {
            for (int i = 0; i < 300; i++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address, port), 1000);
                    return;
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            throw new IOException("the test's internet server did not start");
        }

        @Override
        public void close() {
            if (server != null) {
                server.destroyForcibly();
                server.onExit().join();
            }
            try {
                run("/usr/sbin/ip", "link", "del", veth);
            } catch (IOException | InterruptedException e) {
                // already gone with the namespace
            }
            try {
                run("/usr/sbin/ip", "netns", "del", namespace);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
