package dev.lamina.lambda.sandbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The IPv4 range one node's sandboxes live in: a /21 (2,045 sandboxes) out of 10.200.0.0/13, the
 * first that overlaps nothing the host already routes. The node's side of the bridge is the first
 * address; sandbox {@code n} (from 0) is {@code base + 2 + n}.
 *
 * <p>Example: with {@code 10.200.0.0/21} routed by another node, {@link #choose} returns
 * {@code 10.200.8.0/21}: gateway {@code 10.200.8.1}, sandbox 0 at {@code 10.200.8.2}.
 *
 * @param base the network address, as an unsigned 32-bit number
 */
public record Subnet(int base) {
    public static final int PREFIX = 21;
    private static final int SIZE = 1 << (32 - PREFIX);
    private static final int FIRST = (10 << 24) | (200 << 16);
    private static final int CHOICES = 1 << (PREFIX - 13);

    public Subnet {
        if ((base & (SIZE - 1)) != 0) {
            throw new IllegalArgumentException("not the start of a /" + PREFIX + ": " + dotted(base));
        }
    }

    /** How many sandboxes fit: all addresses but the network's, the gateway's and the broadcast. */
    public int capacity() {
        return SIZE - 3;
    }

    public String cidr() {
        return dotted(base) + "/" + PREFIX;
    }

    /** The node's address on the bridge, where sandboxes reach it. */
    public InetAddress gateway() {
        return address(base + 1);
    }

    /** Sandbox {@code index}'s address. */
    public InetAddress host(int index) {
        if (index < 0 || index >= capacity()) {
            throw new IllegalArgumentException("no address " + index + " in " + cidr());
        }
        return address(base + 2 + index);
    }

    /**
     * The first /21 of 10.200.0.0/13 that overlaps none of {@code routed}, destinations as
     * {@code ip -4 route show table all} prints them ({@code a.b.c.d[/len]}, after an optional type
     * word such as {@code local}); {@code default} routes are ignored. Empty when all are taken.
     */
    public static Optional<Subnet> choose(List<String> routeLines) {
        List<long[]> taken = routeLines.stream()
                .map(Subnet::destination)
                .flatMap(Optional::stream)
                .toList();
        for (int i = 0; i < CHOICES; i++) {
            long start = Integer.toUnsignedLong(FIRST + i * SIZE);
            long end = start + SIZE - 1;
            if (taken.stream().noneMatch(r -> r[0] <= end && start <= r[1])) {
                return Optional.of(new Subnet(FIRST + i * SIZE));
            }
        }
        return Optional.empty();
    }

    /**
     * The link-layer address that goes with {@code address} on the bridge: {@code 02:4c} (locally
     * administered, unicast) followed by the four bytes of the IPv4 address, so {@code 10.200.8.2} has
     * {@code 02:4c:0a:c8:08:02}. Fixed addresses keep the neighbour tables right as sandboxes come and
     * go: a sandbox made at an address another had a moment ago answers at the same MAC, which the
     * node's neighbour entry (updated at most once a second) still names, and the bridge keeps its own
     * MAC instead of taking its lowest port's, which changes as ports come and go under the entries the
     * sandboxes hold for their gateway. With random ones, either change stalled a connection for the
     * seconds a neighbour entry takes to be probed again.
     */
    public static String mac(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        return String.format("02:4c:%02x:%02x:%02x:%02x", b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b[3] & 0xff);
    }

    /** A route line's destination as [first, last] address, or empty for {@code default} and the unparsable. */
    private static Optional<long[]> destination(String line) {
        String[] words = line.trim().split("\\s+");
        String dest = words.length > 1 && !Character.isDigit(words[0].charAt(0)) ? words[1] : words[0];
        if (dest.isEmpty() || !Character.isDigit(dest.charAt(0))) {
            return Optional.empty();
        }
        String[] parts = dest.split("/");
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) {
            return Optional.empty();
        }
        try {
            long address = 0;
            for (String octet : octets) {
                address = (address << 8) | Integer.parseInt(octet);
            }
            int len = parts.length > 1 ? Integer.parseInt(parts[1]) : 32;
            long size = 1L << (32 - len);
            long start = address & ~(size - 1) & 0xffffffffL;
            return Optional.of(new long[] {start, start + size - 1});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static InetAddress address(int value) {
        try {
            return InetAddress.getByAddress(
                    new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String dotted(int value) {
        return (value >>> 24) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
    }
}
