package dev.lamina.it;

import dev.lamina.it.parity.ParityCase;
import dev.lamina.it.parity.ParitySuite;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Lamina's answers against AWS's own, recorded ones ({@code docs/parity.md}): one dynamic test per
 * recorded case. A case that differs fails unless it is on the known-differences list
 * ({@code parity-known-differences.txt}, each with its reason); a listed case that now matches fails
 * too, so the list stays true. Prints the figure (cases matched / total) and writes the report to
 * {@code target/parity.md}.
 */
class ParityIT {
    static TestNode node;
    static ParitySuite suite;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        suite = ParitySuite.start(node.lambdaNoRetry());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (suite != null) {
                suite.report(java.nio.file.Path.of("target", "parity.md"));
            }
        } finally {
            node.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> recordedCases() {
        List<ParityCase> cases = ParitySuite.cases();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.id(), (Executable) () -> suite.check(c)));
    }
}
