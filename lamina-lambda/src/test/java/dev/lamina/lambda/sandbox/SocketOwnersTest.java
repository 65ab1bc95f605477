package dev.lamina.lambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketOwnersTest {
    @TempDir
    Path procNet;

    @Test
    void findsTheUidOwningTheClientEnd() throws Exception {
        Files.writeString(procNet.resolve("tcp"), """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:A3B4 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1 1
                   1: 0100007F:C350 0100007F:A3B4 01 00000000:00000000 00:00000000 00000000 200001        0 2 1
                """);
        SocketOwners owners = new SocketOwners(procNet, false);
        assertEquals(OptionalInt.of(200001), owners.uidOf(0xC350, 0xA3B4));
        assertEquals(OptionalInt.of(0), owners.uidOf(0xA3B4, 0xC350));
        assertEquals(OptionalInt.empty(), owners.uidOf(1234, 0xA3B4));
    }
}
