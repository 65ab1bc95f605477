package dev.lamina.lambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class NetworkFenceTest {
    private final NetworkNames names = new NetworkNames("39u-1");
    private final Subnet subnet = new Subnet((10 << 24) | (200 << 16));

    @Test
    void theHostIsReachedOnlyAtSocketsBoundToTheBridgeAndAtTheNodesPort() {
        String nft = NetworkFence.ruleset(names, subnet, new InetSocketAddress("127.0.0.1", 9701));
        assertTrue(nft.contains("iifname \"lb39u-1\" ip daddr 10.200.0.1 tcp dport 9701 dnat to 127.0.0.1:9701"), nft);
        assertTrue(nft.contains("iifname \"lb39u-1\" jump fence"), nft);
        assertTrue(nft.contains("ip daddr 10.200.0.1 meta l4proto tcp socket wildcard 0 accept\n    drop"), nft);
        assertTrue(nft.contains("ip saddr 10.200.0.0/21 oifname != \"lb39u-1\" masquerade"), nft);
        assertTrue(nft.contains("iifname \"lb39u-1\" oifname \"lb39u-1\" drop"), nft);
        // the table is replaced whole: declared, flushed, defined
        assertTrue(nft.startsWith("table ip lamina_39u_1 {}\nflush table ip lamina_39u_1\n"), nft);
    }

    @Test
    void beforeTheNodeListensItsPortIsNotOpened() {
        String nft = NetworkFence.ruleset(names, subnet, null);
        assertFalse(nft.contains("dnat"), nft);
    }

    @Test
    void theNodesPortLeadsWhereTheNodeListens() {
        assertEquals(
                "127.0.0.1",
                NetworkFence.dnatTarget(new InetSocketAddress("0.0.0.0", 1)).getHostAddress());
        assertEquals(
                "192.0.2.2",
                NetworkFence.dnatTarget(new InetSocketAddress("192.0.2.2", 1)).getHostAddress());
        assertNull(NetworkFence.dnatTarget(new InetSocketAddress("::1", 1)));
    }
}
