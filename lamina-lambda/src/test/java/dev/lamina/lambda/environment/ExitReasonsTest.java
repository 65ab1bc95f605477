package dev.lamina.lambda.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExitReasonsTest {
    @Test
    void exitStatusesAndSignals() {
        assertEquals("Runtime exited without providing a reason", ExitReasons.of(0, false));
        assertEquals("Runtime exited with error: exit status 1", ExitReasons.of(1, false));
        assertEquals("Runtime exited with error: signal: killed", ExitReasons.of(137, false));
        assertEquals("Runtime exited with error: signal: segmentation fault", ExitReasons.of(139, false));
        assertEquals("Runtime exited with error: exit status 129", ExitReasons.of(129, false), "Node exits 129 itself");
        assertEquals("Runtime exited with error: signal: 1", ExitReasons.of(129, true), "unless the node killed it");
    }
}
