package dev.lamina.node.cli;

import dev.lamina.edge.auth.SigV4;
import dev.lamina.node.CredentialsFile;
import dev.lamina.node.NodeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small signed HTTP client for the command line: talks to a node as the AWS SDKs do. Its key is
 * the first of: the standard variables ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}), the node's own ({@code LAMINA_ACCESS_KEY_ID},
 * {@code LAMINA_SECRET_ACCESS_KEY}), a local node's {@code <data-dir>/credentials}; without any,
 * requests go unsigned (which only a {@code --no-auth} node accepts). Region: {@code AWS_REGION}.
 */
final class NodeClient {
    private final URI endpoint;
    private final SigV4.Credentials credentials;
    private final String region;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    NodeClient(URI endpoint, SigV4.Credentials credentials, Map<String, String> env) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.region = env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
    }

    /** A client for the node at {@code endpointOption} (or the environment's), with the key found. */
    static NodeClient of(String endpointOption, Path dataDir, Map<String, String> env) throws IOException {
        return new NodeClient(endpoint(endpointOption, env), credentials(dataDir, env), env);
    }

    static SigV4.Credentials credentials(Path dataDir, Map<String, String> env) throws IOException {
        if (env.get("AWS_ACCESS_KEY_ID") != null && env.get("AWS_SECRET_ACCESS_KEY") != null) {
            return new SigV4.Credentials(
                    env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), env.get("AWS_SESSION_TOKEN"));
        }
        NodeConfig.Auth auth = NodeConfig.Auth.fromEnvironment(env);
        if (auth.credentials() != null) {
            return auth.credentials();
        }
        Path file = dataDir.resolve("credentials");
        return Files.isReadable(file) ? CredentialsFile.read(file) : null;
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
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
