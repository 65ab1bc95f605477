package dev.lamina.it;

import org.junit.jupiter.api.BeforeAll;

/**
 * {@link LayerContentIT}'s functions run as plain processes ({@code --no-sandbox}), where the merged
 * layers are not at {@code /opt} but in the node's directory: each runtime must still find them.
 */
class LayerContentPlainIT extends LayerContentIT {
    /** Hides {@link NodeTest}'s: this class's node runs functions unsandboxed. */
    @BeforeAll
    static void startNode() throws Exception {
        node = TestNode.start(c -> c.withSandbox(false));
        lambda = node.lambda();
    }
}
