package dev.lamina.lambda.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** What a sandbox's read-only root is made of: the host's {@code /usr} and a copy of a few files of its {@code /etc}. */
final class SandboxRoot {
    private static final Logger LOG = Logger.getLogger(SandboxRoot.class.getName());
    static final List<String> FILES = List.of(
            "ssl",
            "ca-certificates",
            "alternatives",
            "resolv.conf",
            "hosts",
            "nsswitch.conf",
            "localtime",
            "ld.so.cache",
            "ld.so.conf",
            "ld.so.conf.d",
            "mime.types",
            "protocols",
            "services",
            "mono"); // Mono's configuration (its library maps and machine.config), for C# bootstraps run on the host's
    // Mono

    private SandboxRoot() {}

    /**
     * Copies what sandboxes see of {@code /etc} (certificates, alternatives, name service and
     * loader files, JDK and Mono configuration) into {@code target} once, keeping symbolic links as links and
     * leaving out anything other users may not read: one bind of it replaces about fifteen per
     * sandbox. A host that changes these files needs a node restart to show them to functions.
     */
    static Path prepareEtc(Path target, boolean ownNetwork) {
        try {
            Files.createDirectories(target);
            Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> names = new ArrayList<>(FILES);
            try (Stream<Path> etc = Files.list(Path.of("/etc"))) {
                etc.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("java"))
                        .forEach(names::add);
            }
            names.remove("resolv.conf");
            writeResolvConf(target.resolve("resolv.conf"), ownNetwork);
            for (String name : names) {
                Path source = Path.of("/etc", name);
                if (Files.exists(source, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    copyReadable(source, target.resolve(name));
                }
            }
            return target;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not prepare /etc for sandboxes; binding host files one by one", e);
            return null;
        }
    }

    /**
     * The host's resolver configuration, its content rather than a link (a link into {@code /run}
     * would point at nothing in a sandbox).
     */
    private static void writeResolvConf(Path target, boolean ownNetwork) throws IOException {
        Path host = Path.of("/etc/resolv.conf");
        if (!Files.isReadable(host)) {
            return;
        }
        Path upstream = Path.of("/run/systemd/resolve/resolv.conf");
        String content = resolvConf(
                Files.readString(host),
                Files.isReadable(upstream)
                        ? java.util.Optional.of(Files.readString(upstream))
                        : java.util.Optional.empty(),
                ownNetwork);
        Files.writeString(target, content);
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }

    /**
     * What a sandbox's {@code /etc/resolv.conf} says. A sandbox with a network of its own cannot
     * reach a resolver on the host's loopback (systemd-resolved's {@code 127.0.0.53}, a local
     * dnsmasq): then it gets {@code upstream}, the servers such a resolver forwards to, when the
     * host has that file; else the host's file as it is, and names do not resolve (said in the log).
     */
    static String resolvConf(String host, java.util.Optional<String> upstream, boolean ownNetwork) {
        if (!ownNetwork || !onlyLoopbackServers(host)) {
            return host;
        }
        if (upstream.isPresent() && !onlyLoopbackServers(upstream.get())) {
            return upstream.get();
        }
        LOG.warning("The host's resolver listens only on loopback, which sandboxes cannot reach: functions"
                + " cannot resolve names. List reachable nameservers in /etc/resolv.conf.");
        return host;
    }

    private static boolean onlyLoopbackServers(String resolvConf) {
        List<String> servers = resolvConf
                .lines()
                .map(String::strip)
                .filter(l -> l.startsWith("nameserver"))
                .map(l -> l.substring("nameserver".length()).strip())
                .toList();
        return !servers.isEmpty() && servers.stream().allMatch(a -> a.startsWith("127.") || a.equals("::1"));
    }

    private static void copyReadable(Path source, Path target) throws IOException {
        if (Files.isSymbolicLink(source)) {
            Files.createSymbolicLink(target, Files.readSymbolicLink(source));
            return;
        }
        var perms = Files.getPosixFilePermissions(source);
        if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
            return;
        }
        if (Files.isDirectory(source)) {
            Files.createDirectories(target);
            try (Stream<Path> children = Files.list(source)) {
                for (Path child : children.toList()) {
                    copyReadable(child, target.resolve(child.getFileName().toString()));
                }
            }
        } else if (Files.isRegularFile(source)) {
            Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.setPosixFilePermissions(target, perms);
    }

    /**
     * bubblewrap's arguments for the root: {@code /usr} and, on hosts whose {@code /lib},
     * {@code /bin} … are not links into it, those too; {@code etc} (made by {@link #prepareEtc}) at
     * {@code /etc}, or the host's files one by one when it is {@code null}.
     */
    static List<String> binds(Path etc) {
        List<String> args = new ArrayList<>(List.of("--ro-bind", "/usr", "/usr"));
        for (String dir : List.of("lib", "lib64", "lib32", "bin", "sbin")) {
            Path p = Path.of("/" + dir);
            if (Files.isSymbolicLink(p)) {
                try {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), "/" + dir));
                } catch (IOException e) {
                    LOG.log(Level.FINE, "reading " + p, e);
                }
            } else if (Files.isDirectory(p)) {
                args.addAll(List.of("--ro-bind", "/" + dir, "/" + dir));
            }
        }
        if (etc != null) {
            args.addAll(List.of("--ro-bind", etc.toString(), "/etc"));
        } else {
            for (String name : FILES) {
                args.addAll(List.of("--ro-bind-try", "/etc/" + name, "/etc/" + name));
            }
        }
        return List.copyOf(args);
    }
}
