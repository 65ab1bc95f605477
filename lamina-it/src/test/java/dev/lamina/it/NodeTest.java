package dev.lamina.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** A test class with one real node on defaults for all its tests, and an SDK client for it. */
abstract class NodeTest {
    static TestNode node;
    static LambdaClient lambda;

    @BeforeAll
    static void startNode() throws Exception {
        node = TestNode.start();
        lambda = node.lambda();
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }
}
