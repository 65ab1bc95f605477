package dev.lamina.cli;

import dev.lamina.auth.SigV4;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small signed HTTP client for the command line: talks to a node as the AWS SDKs do, with the
 * standard credential variables ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}, {@code AWS_REGION}).
 */
final class NodeClient {
    private final URI endpoint;
    private final SigV4.Credentials credentials;
    private final String region;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    NodeClient(URI endpoint, Map<String, String> env) {
        this.endpoint = endpoint;
        this.credentials = new SigV4.Credentials(
                env.getOrDefault("AWS_ACCESS_KEY_ID", "lamina"),
                env.getOrDefault("AWS_SECRET_ACCESS_KEY", "lamina"),
                env.get("AWS_SESSION_TOKEN"));
        this.region = env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
    }

    static URI endpoint(String option, Map<String, String> env) {
        String value = option != null ? option : env.get("LAMINA_ENDPOINT");
        if (value == null) {
            value = "http://127.0.0.1:" + dev.lamina.config.NodeConfig.DEFAULT_PORT;
        }
        return URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }

    HttpResponse<byte[]> send(
            String method, String pathAndQuery, Map<String, String> headers, byte[] body, String service)
            throws IOException, InterruptedException {
        URI uri = URI.create(endpoint + pathAndQuery);
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(SigV4.sign(method, uri, headers, body, credentials, region, service, Instant.now()));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(16))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        all.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
