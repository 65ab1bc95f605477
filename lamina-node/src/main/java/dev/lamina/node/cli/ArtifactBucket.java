package dev.lamina.node.cli;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The node's S3 bucket {@code lamina deploy} uploads packaged code to, through the node's S3 API (so it
 * works against a remote node). The bucket is made on first use when missing. An object's key is its
 * content's SHA-256 with {@code .zip}, so code already there is not uploaded again.
 */
final class ArtifactBucket implements TemplatePackage.Artifacts {
    private final NodeClient node;
    private final String bucket;
    private boolean ready;

    ArtifactBucket(NodeClient node, String bucket) {
        this.node = node;
        this.bucket = bucket;
    }

    @Override
    public TemplatePackage.Location put(byte[] zip) throws IOException, InterruptedException {
        ensureBucket();
        String key = sha256(zip) + ".zip";
        String path = "/" + bucket + "/" + key;
        if (send("HEAD", path, new byte[0]).statusCode() != 200) {
            HttpResponse<byte[]> put = send("PUT", path, zip);
            if (put.statusCode() != 200) {
                throw failure("could not upload " + key + " to bucket " + bucket, put);
            }
        }
        return new TemplatePackage.Location(bucket, key);
    }

    private void ensureBucket() throws IOException, InterruptedException {
        if (ready) {
            return;
        }
        String path = "/" + bucket;
        HttpResponse<byte[]> head = send("HEAD", path, new byte[0]);
        if (head.statusCode() == 404) {
            HttpResponse<byte[]> made = send("PUT", path, new byte[0]);
            if (made.statusCode() != 200) {
                throw failure("could not create bucket " + bucket, made);
            }
        } else if (head.statusCode() != 200) {
            throw new IOException("Could not use bucket " + bucket + " (HTTP " + head.statusCode() + ")");
        }
        ready = true;
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body)
            throws IOException, InterruptedException {
        return node.send(method, path, Map.of("x-amz-content-sha256", sha256(body)), body, "s3");
    }

    private static IOException failure(String what, HttpResponse<byte[]> response) {
        return new IOException("The node " + what + ": HTTP " + response.statusCode() + " "
                + new String(response.body(), StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
