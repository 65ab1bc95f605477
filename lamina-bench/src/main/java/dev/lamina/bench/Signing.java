package dev.lamina.bench;

import dev.lamina.edge.auth.SigV4;
import dev.lamina.it.TestNode;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SigV4 for the benchmark's requests to a node (or a peer), with the test credentials, as the AWS CLI
 * would sign them, under the service's signing name ({@code s3}, {@code sqs}, {@code dynamodb},
 * {@code kinesis}, …). A signature holds its time, so a load run's request is signed right before the run (wrk
 * sends the same bytes again and again; SigV4 has no nonce, only the date's skew window).
 */
final class Signing {
    static final String REGION = "us-east-1";
    static final SigV4.Credentials CREDENTIALS = new SigV4.Credentials(TestNode.ACCESS_KEY, TestNode.SECRET_KEY, null);

    private Signing() {}

    /** The variables that make {@code lamina server} take these credentials as its access key. */
    static Map<String, String> nodeEnvironment() {
        return Map.of(
                "LAMINA_ACCESS_KEY_ID",
                CREDENTIALS.accessKeyId(),
                "LAMINA_SECRET_ACCESS_KEY",
                CREDENTIALS.secretAccessKey());
    }

    /**
     * The headers to send: {@code headers} themselves, {@code Host} (signed, as sent) and the
     * signature's.
     */
    static Map<String, String> sign(String method, URI uri, byte[] body, Map<String, String> headers, String service) {
        return sign(method, uri, body, headers, service, CREDENTIALS);
    }

    /** As {@link #sign(String, URI, byte[], Map, String)}, with other credentials (a peer's). */
    static Map<String, String> sign(
            String method,
            URI uri,
            byte[] body,
            Map<String, String> headers,
            String service,
            SigV4.Credentials credentials) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("Host", uri.getHost() + ":" + uri.getPort());
        out.putAll(headers);
        out.putAll(SigV4.sign(
                method, uri, headers, body == null ? new byte[0] : body, credentials, REGION, service, Instant.now()));
        return out;
    }
}
