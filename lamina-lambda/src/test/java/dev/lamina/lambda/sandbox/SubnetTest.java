package dev.lamina.lambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetTest {
    @Test
    void theFirstRangeNothingRoutesIsChosen() {
        List<String> routes = List.of(
                "default via 192.0.2.1 dev eth0",
                "192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2",
                "local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1",
                "10.200.0.0/21 dev lb1-0 proto kernel scope link src 10.200.0.1",
                "10.200.9.7 via 192.0.2.1 dev eth0");
        Subnet chosen = Subnet.choose(routes).orElseThrow();
        assertEquals("10.200.16.0/21", chosen.cidr());
        assertEquals("10.200.16.1", chosen.gateway().getHostAddress());
        assertEquals("10.200.16.2", chosen.host(0).getHostAddress());
        assertEquals("10.200.23.254", chosen.host(chosen.capacity() - 1).getHostAddress());
    }

    @Test
    void eachAddressHasItsOwnLocallyAdministeredMac() throws Exception {
        Subnet subnet = new Subnet((10 << 24) | (200 << 16) | (8 << 8));
        assertEquals("02:4c:0a:c8:08:01", Subnet.mac(subnet.gateway()));
        assertEquals("02:4c:0a:c8:08:02", Subnet.mac(subnet.host(0)));
        assertEquals("02:4c:0a:c8:0f:fe", Subnet.mac(subnet.host(subnet.capacity() - 1)));
        assertThrows(IllegalArgumentException.class, () -> Subnet.mac(java.net.InetAddress.getByName("::1")));
    }

    @Test
    void aWiderRouteOverTheWholeRangeLeavesNone() {
        assertTrue(Subnet.choose(List.of("10.0.0.0/8 dev wg0")).isEmpty());
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            all.add("10." + (200 + i / 32) + "." + (i % 32) * 8 + ".0/21 dev x");
        }
        assertTrue(Subnet.choose(all).isEmpty());
    }

    @Test
    void addressesBeyondTheRangeAreRefused() {
        Subnet subnet = new Subnet((10 << 24) | (200 << 16));
        assertThrows(IllegalArgumentException.class, () -> subnet.host(subnet.capacity()));
        assertThrows(IllegalArgumentException.class, () -> new Subnet((10 << 24) | (200 << 16) | 256));
    }
}
