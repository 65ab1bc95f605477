package dev.lamina.it;

import dev.lamina.edge.auth.SigV4;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Hand-made HTTP requests to a node, signed with SigV4 as the SDKs sign them: for tests that send
 * what no SDK would (malformed bodies, odd parameters), or that tamper with a signed request.
 */
public final class SignedHttp {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String endpoint;
    private final SigV4.Credentials credentials;

    public SignedHttp(String endpoint, SigV4.Credentials credentials) {
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    /** Sends a request signed for Lambda now; {@code body} may be empty. */
    public HttpResponse<String> send(String method, String pathAndQuery, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HTTP.send(
                signed(method, pathAndQuery, headers, bytes, "lambda", Instant.now())
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A builder for {@code method pathAndQuery} carrying {@code headers} and the signature of
     * {@code body} for {@code service} at {@code signedAt}; the caller adds the body it wants to send.
     */
    public HttpRequest.Builder signed(
            String method,
            String pathAndQuery,
            Map<String, String> headers,
            byte[] body,
            String service,
            Instant signedAt) {
        URI uri = URI.create(endpoint + pathAndQuery);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        headers.forEach(builder::header);
        SigV4.sign(method, uri, headers, body, credentials, "us-east-1", service, signedAt)
                .forEach(builder::header);
        return builder;
    }
}
