package dev.lamina.node.cli;

import dev.lamina.edge.auth.SigV4;
import dev.lamina.node.NodeConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small signed HTTP client for the command line: talks to a node as the AWS SDKs do, with the key
 * {@link ClientCredentials} finds; without any, requests go unsigned (which only a {@code --no-auth}
 * node accepts), and a node's refusal of one is followed by a line on stderr saying how to give the
 * command a key. Region: {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, else us-east-1.
 */
final class NodeClient {
    private final URI endpoint;
    private final SigV4.Credentials credentials;
    private final String region;
    private final Path dataDir;
    private final PrintStream err;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    NodeClient(URI endpoint, SigV4.Credentials credentials, Path dataDir, Map<String, String> env, PrintStream err) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.dataDir = dataDir;
        this.err = err;
        this.region = env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
    }

    /** A client for the node at {@code endpointOption} (or the environment's), with the key found. */
    static NodeClient of(String endpointOption, Path dataDir, Map<String, String> env, PrintStream err)
            throws IOException {
        return new NodeClient(
                endpoint(endpointOption, env),
                ClientCredentials.find(dataDir, env).credentials(),
                dataDir,
                env,
                err);
    }

    /** The node this client talks to. */
    URI endpoint() {
        return endpoint;
    }

    static URI endpoint(String option, Map<String, String> env) {
        String value = option != null ? option : env.get("LAMINA_ENDPOINT");
        if (value == null) {
            value = "http://127.0.0.1:" + NodeConfig.DEFAULT_PORT;
        }
        return URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }

    HttpResponse<byte[]> send(
            String method, String pathAndQuery, Map<String, String> headers, byte[] body, String service)
            throws IOException, InterruptedException {
        URI uri = URI.create(endpoint + pathAndQuery);
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (credentials != null) {
            all.putAll(SigV4.sign(method, uri, headers, body, credentials, region, service, Instant.now()));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(16))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        all.forEach(b::header);
        HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (credentials == null
                && response.statusCode() == 403
                && response.headers()
                        .firstValue("x-amzn-ErrorType")
                        .orElse("")
                        .startsWith("MissingAuthenticationToken")) {
            err.println(ClientCredentials.howToSign(dataDir));
        }
        return response;
    }
}
