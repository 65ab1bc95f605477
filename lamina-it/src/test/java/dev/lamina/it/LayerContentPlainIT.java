package dev.lamina.it;

import org.junit.jupiter.api.BeforeAll;

/**
 * {@link LayerContentIT}'s functions run as plain processes ({@code --no-sandbox}), where the merged
 * layers are not at {@code /opt} but in the node's directory: each runtime must still find them.
 */
class LayerContentPlainIT extends LayerContentIT {
    /** Runs after {@link NodeTest}'s: replaces its node with one that runs functions unsandboxed. */
    @BeforeAll
    static void startPlainNode() throws Exception {
        if (node != null) {
            node.close();
        }
        node = TestNode.start(c -> c.withSandbox(false));
        lambda = node.lambda();
    }
}
