package dev.lamina.it;

import java.net.URI;
import software.amazon.awssdk.services.s3.S3Client;

/** The SDK's S3 client against a test node, path-style or virtual-host-style, retries off. */
final class S3Clients {
    private S3Clients() {}

    /** Path-style: {@code http://127.0.0.1:<port>/<bucket>/<key>}. */
    static S3Client pathStyle(TestNode node) {
        return pathStyle(URI.create(node.endpoint()));
    }

    /** Path-style against a node at {@code endpoint}, e.g. one running as a process of its own. */
    static S3Client pathStyle(URI endpoint) {
        return builder(endpoint, true);
    }

    /**
     * Virtual-host-style: {@code http://<bucket>.s3.localhost:<port>/<key>} (the test JVM resolves
     * {@code *.localhost} to loopback, see {@link LocalhostResolver}).
     */
    static S3Client virtualHost(TestNode node) {
        return builder(URI.create("http://s3.localhost:" + node.port()), false);
    }

    private static S3Client builder(URI endpoint, boolean pathStyle) {
        return TestNode.client(S3Client.builder().forcePathStyle(pathStyle), endpoint);
    }
}
