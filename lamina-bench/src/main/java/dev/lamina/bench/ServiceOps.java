package dev.lamina.bench;

import dev.lamina.edge.auth.SigV4;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The requests the services benchmark sends, the same bytes to every system: S3 PutObject and
 * GetObject (path-style, SigV4 with the payload's SHA-256, as the SDK for Java v2 signs over HTTP) and
 * SQS SendMessage (the JSON protocol current SDKs speak).
 */
final class ServiceOps {
    static final int OBJECT_SIZE = 4096;

    private ServiceOps() {}

    /**
     * The objects one system's workers have written: worker {@code w} writes {@code w<w>/<n>} for
     * n = 0, 1, …, moving on only after a 200, so every counted key exists.
     */
    static final class Objects {
        private final long[] written;

        Objects(int workers) {
            written = new long[workers];
        }

        long total() {
            long sum = 0;
            for (long n : written) {
                sum += n;
            }
            return sum;
        }

        boolean everyWorkerWrote() {
            for (long n : written) {
                if (n == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** PutObject of a new 4 KiB object per request into {@code bucket}; the answer must be 200. */
    static ServiceLoad.Operation put(URI endpoint, String bucket, SigV4.Credentials credentials, Objects objects) {
        byte[] body = new byte[OBJECT_SIZE];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        String sha256 = sha256(body);
        return new ServiceLoad.Operation() {
            @Override
            public byte[] next(HttpConnection connection, int worker) {
                String path = "/" + bucket + "/w" + worker + "/" + objects.written[worker];
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Type", "application/octet-stream");
                headers.put("x-amz-content-sha256", sha256);
                return connection.request(
                        "PUT",
                        path,
                        body,
                        Signing.sign("PUT", endpoint.resolve(path), body, headers, "s3", credentials));
            }

            @Override
            public boolean accept(int worker, HttpConnection.Response response) {
                if (response.status() != 200) {
                    return false;
                }
                objects.written[worker]++;
                return true;
            }
        };
    }

    /**
     * GetObject of the objects {@link #put} wrote, each worker going round its own; the answer must be
     * 200 with 4,096 bytes.
     */
    static ServiceLoad.Operation get(URI endpoint, String bucket, SigV4.Credentials credentials, Objects objects) {
        if (!objects.everyWorkerWrote()) {
            throw new IllegalStateException("GetObject needs objects from every PutObject worker");
        }
        long[] next = new long[objects.written.length];
        String emptySha256 = sha256(new byte[0]);
        return new ServiceLoad.Operation() {
            @Override
            public byte[] next(HttpConnection connection, int worker) {
                long n = next[worker]++ % objects.written[worker];
                String path = "/" + bucket + "/w" + worker + "/" + n;
                Map<String, String> headers = Map.of("x-amz-content-sha256", emptySha256);
                return connection.request(
                        "GET",
                        path,
                        new byte[0],
                        Signing.sign("GET", endpoint.resolve(path), new byte[0], headers, "s3", credentials));
            }

            @Override
            public boolean accept(int worker, HttpConnection.Response response) {
                return response.status() == 200 && response.body().length == OBJECT_SIZE;
            }
        };
    }

    /** SendMessage of a short body to {@code queueUrl}; the answer must be 200 with a MessageId. */
    static ServiceLoad.Operation send(URI endpoint, String queueUrl, SigV4.Credentials credentials, int workers) {
        long[] sent = new long[workers];
        Map<String, String> headers =
                Map.of("Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", "AmazonSQS.SendMessage");
        return new ServiceLoad.Operation() {
            @Override
            public byte[] next(HttpConnection connection, int worker) {
                byte[] body = ("{\"QueueUrl\":\"" + queueUrl + "\",\"MessageBody\":\"benchmark message " + worker + "-"
                                + sent[worker]++ + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                return connection.request(
                        "POST",
                        "/",
                        body,
                        Signing.sign("POST", endpoint.resolve("/"), body, headers, "sqs", credentials));
            }

            @Override
            public boolean accept(int worker, HttpConnection.Response response) {
                return response.status() == 200 && response.bodyText().contains("\"MessageId\"");
            }
        };
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
