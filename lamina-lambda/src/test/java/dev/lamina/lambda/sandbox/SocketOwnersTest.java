package dev.lamina.lambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketOwnersTest {
    @TempDir
    Path procNet;

    @Test
    void findsTheUidOwningTheClientEnd() throws Exception {
        writeTable();
        SocketOwners owners = new SocketOwners(procNet, (client, server) -> null);
        assertEquals(OptionalInt.of(200001), owners.uidOf(0xC350, 0xA3B4));
        assertEquals(OptionalInt.of(0), owners.uidOf(0xA3B4, 0xC350));
        assertEquals(OptionalInt.empty(), owners.uidOf(1234, 0xA3B4));
    }

    /** A kernel whose tcp_diag is not loadable answers ENOENT, as for a missing socket: the tables decide. */
    @Test
    void checksTheTablesWhenNetlinkFindsNothing() throws Exception {
        writeTable();
        AtomicInteger asked = new AtomicInteger();
        SocketOwners owners = new SocketOwners(procNet, (client, server) -> {
            asked.incrementAndGet();
            return OptionalInt.empty();
        });
        assertEquals(OptionalInt.empty(), owners.uidOf(1234, 0xA3B4));
        assertEquals(OptionalInt.of(200001), owners.uidOf(0xC350, 0xA3B4));
        assertEquals(2, asked.get());
        // netlink missed a listed socket: it is blind to TCP here and not asked again
        assertEquals(OptionalInt.of(0), owners.uidOf(0xA3B4, 0xC350));
        assertEquals(2, asked.get());
    }

    @Test
    void trustsWhatNetlinkFinds() throws Exception {
        writeTable();
        SocketOwners owners = new SocketOwners(procNet, (client, server) -> OptionalInt.of(7));
        assertEquals(OptionalInt.of(7), owners.uidOf(0xC350, 0xA3B4));
    }

    private void writeTable() throws Exception {
        Files.writeString(procNet.resolve("tcp"), """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:A3B4 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1 1
                   1: 0100007F:C350 0100007F:A3B4 01 00000000:00000000 00:00000000 00000000 200001        0 2 1
                """);
    }
}
