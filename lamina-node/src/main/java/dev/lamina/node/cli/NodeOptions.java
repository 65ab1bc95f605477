package dev.lamina.node.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of every command that talks to a node: where it is and where a local node's key lies. */
final class NodeOptions {
    @Option(names = "--endpoint", description = "The node (default $LAMINA_ENDPOINT or http://127.0.0.1:9701).")
    String endpoint;

    @Option(
            names = "--data-dir",
            description = "A local node's data directory, whose credentials file signs the requests when the AWS"
                    + " credential chain (AWS_ACCESS_KEY_ID, AWS_PROFILE, ~/.aws/credentials) and"
                    + " LAMINA_ACCESS_KEY_ID yield no key (default ~/.lamina).")
    Path dataDir = Lamina.DEFAULT_DATA_DIR;

    /** A client for that node, signing with the key {@link ClientCredentials} finds. */
    NodeClient client() throws IOException {
        return NodeClient.of(endpoint, dataDir, System.getenv(), System.err);
    }
}
