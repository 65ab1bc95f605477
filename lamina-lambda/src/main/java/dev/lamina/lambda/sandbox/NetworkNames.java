package dev.lamina.lambda.sandbox;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of what one node makes on the host for its sandboxes' networks, all carrying the
 * node's tag ({@code <pid in base 36>-<node number in its JVM, base 36>}) so that a later start can
 * tell whose they are and sweep those of dead nodes. Interface names stay within Linux's 15 bytes.
 *
 * <p>Example: node 1 of pid 4242 is tag {@code 39u-1}: bridge {@code lb39u-1}, nftables table
 * {@code lamina_39u_1}, sandbox 5's namespace {@code lamina-39u-1-5} and host-side veth
 * {@code lv39u-1-5}.
 *
 * @param tag the node's tag
 */
public record NetworkNames(String tag) {
    static final String NAMESPACE_PREFIX = "lamina-";
    static final String TABLE_PREFIX = "lamina_";
    static final String BRIDGE_PREFIX = "lb";
    static final String VETH_PREFIX = "lv";

    /** Each kind of name in full, its first group the pid: nothing else of the host's matches by chance. */
    private static final List<Pattern> KINDS = List.of(
            Pattern.compile("lamina-([0-9a-z]{1,5})-[0-9a-z]{1,2}-[0-9]+"),
            Pattern.compile("lamina_([0-9a-z]{1,5})_[0-9a-z]{1,2}"),
            Pattern.compile("lb([0-9a-z]{1,5})-[0-9a-z]{1,2}"),
            Pattern.compile("lv([0-9a-z]{1,5})-[0-9a-z]{1,2}-[0-9a-z]{1,4}"));

    public NetworkNames {
        if (!tag.matches("[0-9a-z]{1,5}-[0-9a-z]{1,2}")) {
            throw new IllegalArgumentException("bad network tag: " + tag);
        }
    }

    static NetworkNames of(long pid, int node) {
        return new NetworkNames(Long.toString(pid, 36) + "-" + Integer.toString(node, 36));
    }

    String bridge() {
        return BRIDGE_PREFIX + tag;
    }

    String table() {
        return TABLE_PREFIX + tag.replace('-', '_');
    }

    String namespace(int index) {
        return NAMESPACE_PREFIX + tag + "-" + index;
    }

    String veth(int index) {
        String name = VETH_PREFIX + tag + "-" + Integer.toString(index, 36);
        if (name.length() > 15) {
            throw new IllegalArgumentException("too many sandboxes for interface names: " + index);
        }
        return name;
    }

    /** The namespace prefix of this node's namespaces, to find them all. */
    String namespacePrefix() {
        return NAMESPACE_PREFIX + tag + "-";
    }

    /**
     * The pid of the node that made {@code name} (a namespace, table, bridge or veth name of any
     * node), or empty when the name is not one of Lamina's.
     */
    static Optional<Long> ownerPid(String name) {
        for (Pattern kind : KINDS) {
            Matcher m = kind.matcher(name);
            if (m.matches()) {
                return Optional.of(Long.parseLong(m.group(1), 36));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code name} (a namespace, table, bridge or veth name) is one of {@code names}' node. */
    static boolean isOf(String name, NetworkNames names) {
        return name.startsWith(names.namespacePrefix())
                || name.equals(names.table())
                || name.equals(names.bridge())
                || name.startsWith(VETH_PREFIX + names.tag() + "-");
    }
}
