package dev.lamina.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/** A test class with one real node for all its tests and the SDK's path-style S3 client for it. */
abstract class S3NodeTest {
    static TestNode node;
    static S3Client s3;

    @BeforeAll
    static void startNode() throws Exception {
        node = TestNode.start();
        s3 = S3Clients.pathStyle(node);
    }

    @AfterAll
    static void stopNode() {
        if (s3 != null) {
            s3.close();
        }
        if (node != null) {
            node.close();
        }
    }
}
