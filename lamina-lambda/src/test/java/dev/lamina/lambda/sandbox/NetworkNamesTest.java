package dev.lamina.lambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkNamesTest {
    private final NetworkNames names = NetworkNames.of(4_194_304, 35);

    @Test
    void everyNameCarriesTheNodesPidAndFitsAnInterfaceName() {
        assertEquals("2ll-z", NetworkNames.of(3_369, 35).tag());
        assertTrue(names.veth(36 * 36 * 36 * 36 - 1).length() <= 15);
        assertTrue(names.bridge().length() <= 15);
        for (String name : new String[] {names.bridge(), names.table(), names.namespace(7), names.veth(7)}) {
            assertEquals(Optional.of(4_194_304L), NetworkNames.ownerPid(name), name);
            assertTrue(NetworkNames.isOf(name, names), name);
            assertFalse(NetworkNames.isOf(name, NetworkNames.of(4_194_304, 34)), name);
        }
    }

    @Test
    void namesThatAreNotLaminasHaveNoOwner() {
        for (String name :
                new String[] {"eth0", "lo", "lbr0", "lbr-01x", "lamina", "lamina-x", "lamina-1-2-x", "docker0", "lv"}) {
            assertEquals(Optional.empty(), NetworkNames.ownerPid(name), name);
        }
    }
}
