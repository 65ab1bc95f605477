package dev.lamina.lambda.sandbox;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.util.OptionalInt;

/**
 * Asks the kernel which uid owns one loopback TCP socket, through netlink's sock_diag: an exact
 * lookup by address and ports, which costs microseconds where reading {@code /proc/net/tcp} walks
 * the whole connection table. Linux only; callers fall back to the table when it fails.
 *
 * <p>Wire format (linux/inet_diag.h): a 16-byte {@code nlmsghdr}, then {@code inet_diag_req_v2}
 * (family, protocol, ext, pad, states, and a 48-byte {@code inet_diag_sockid}: sport, dport in
 * network order, src[4], dst[4], if, cookie[2]). The answer is an {@code inet_diag_msg} whose uid
 * sits 64 bytes after its start, or an NLMSG_ERROR when no such socket exists.
 */
@SuppressWarnings("restricted")
final class SockDiag {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_DGRAM = 2;
    private static final int NETLINK_SOCK_DIAG = 4;
    private static final int SOCK_DIAG_BY_FAMILY = 20;
    private static final int NLM_F_REQUEST = 1;
    private static final int NLMSG_ERROR = 2;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int IPPROTO_TCP = 6;
    private static final int REQUEST_LENGTH = 16 + 56;
    private static final ValueLayout.OfShort NET_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt NET_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final MethodHandle SOCKET;
    private static final MethodHandle SEND;
    private static final MethodHandle RECV;
    private static final MethodHandle CLOSE;

    static {
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        SOCKET = linker.downcallHandle(
                libc.find("socket").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        SEND = linker.downcallHandle(
                libc.find("send").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT));
        RECV = linker.downcallHandle(
                libc.find("recv").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT));
        CLOSE = linker.downcallHandle(
                libc.find("close").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private SockDiag() {}

    /**
     * The uid owning the TCP socket 127.0.0.1:{@code localPort} → 127.0.0.1:{@code remotePort}
     * (as IPv4, then as IPv4-mapped IPv6); empty when there is none; {@code null} when netlink failed.
     */
    static OptionalInt uidOfLoopback(int localPort, int remotePort) {
        try {
            OptionalInt v4 = query(AF_INET, localPort, remotePort);
            if (v4 == null || v4.isPresent()) {
                return v4;
            }
            return query(AF_INET6, localPort, remotePort);
        } catch (Throwable t) {
            return null;
        }
    }

    private static OptionalInt query(int family, int localPort, int remotePort) throws Throwable {
        int fd = (int) SOCKET.invokeExact(AF_NETLINK, SOCK_DGRAM, NETLINK_SOCK_DIAG);
        if (fd < 0) {
            return null;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment req = arena.allocate(REQUEST_LENGTH);
            req.set(ValueLayout.JAVA_INT_UNALIGNED, 0, REQUEST_LENGTH);
            req.set(ValueLayout.JAVA_SHORT_UNALIGNED, 4, (short) SOCK_DIAG_BY_FAMILY);
            req.set(ValueLayout.JAVA_SHORT_UNALIGNED, 6, (short) NLM_F_REQUEST);
            req.set(ValueLayout.JAVA_INT_UNALIGNED, 8, 1);
            long r = 16;
            req.set(ValueLayout.JAVA_BYTE, r, (byte) family);
            req.set(ValueLayout.JAVA_BYTE, r + 1, (byte) IPPROTO_TCP);
            req.set(ValueLayout.JAVA_INT_UNALIGNED, r + 4, -1); // every state
            long id = r + 8;
            req.set(NET_SHORT, id, (short) localPort);
            req.set(NET_SHORT, id + 2, (short) remotePort);
            writeLoopback(req, id + 4, family);
            writeLoopback(req, id + 20, family);
            req.set(ValueLayout.JAVA_INT_UNALIGNED, id + 40, -1); // INET_DIAG_NOCOOKIE
            req.set(ValueLayout.JAVA_INT_UNALIGNED, id + 44, -1);
            long sent = (long) SEND.invokeExact(fd, req, (long) REQUEST_LENGTH, 0);
            if (sent != REQUEST_LENGTH) {
                return null;
            }
            MemorySegment answer = arena.allocate(8192);
            long got = (long) RECV.invokeExact(fd, answer, 8192L, 0);
            if (got < 16) {
                return null;
            }
            int type = Short.toUnsignedInt(answer.get(ValueLayout.JAVA_SHORT_UNALIGNED, 4));
            if (type == NLMSG_ERROR) {
                return OptionalInt.empty();
            }
            if (type != SOCK_DIAG_BY_FAMILY || got < 16 + 72) {
                return null;
            }
            return OptionalInt.of(answer.get(ValueLayout.JAVA_INT_UNALIGNED, 16 + 64));
        } finally {
            int ignored = (int) CLOSE.invokeExact(fd);
        }
    }

    private static void writeLoopback(MemorySegment req, long offset, int family) {
        if (family == AF_INET) {
            req.set(NET_INT, offset, 0x7f000001);
        } else {
            req.set(NET_INT, offset + 8, 0x0000ffff);
            req.set(NET_INT, offset + 12, 0x7f000001);
        }
    }
}
