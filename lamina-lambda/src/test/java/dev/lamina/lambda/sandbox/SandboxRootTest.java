package dev.lamina.lambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SandboxRootTest {
    private static final String STUB = "nameserver 127.0.0.53\noptions edns0 trust-ad\n";
    private static final String UPSTREAM = "nameserver 192.0.2.53\n";

    @Test
    void aSandboxOfItsOwnNetworkGetsTheServersBehindALoopbackResolver() {
        assertEquals(UPSTREAM, SandboxRoot.resolvConf(STUB, Optional.of(UPSTREAM), true));
    }

    @Test
    void reachableServersAndTheHostsNetworkKeepTheHostsFile() {
        assertEquals(UPSTREAM, SandboxRoot.resolvConf(UPSTREAM, Optional.of(STUB), true));
        assertEquals(STUB, SandboxRoot.resolvConf(STUB, Optional.of(UPSTREAM), false));
        assertEquals(STUB, SandboxRoot.resolvConf(STUB, Optional.empty(), true));
    }
}
