package dev.lamina.s3.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A bucket policy as PutBucketPolicy takes it: a JSON object with a {@code Statement}, kept as sent. */
final class Policies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Policies() {}

    /** The policy's text, or S3's 400 {@code MalformedPolicy}. */
    static String check(byte[] body) {
        JsonNode policy;
        try {
            policy = JSON.readTree(body);
        } catch (IOException e) {
            policy = null;
        }
        if (policy == null || !policy.isObject()) {
            throw malformed("Policies must be valid JSON and the first byte must be '{'");
        }
        if (!policy.has("Statement")) {
            throw malformed("Missing required field Statement");
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private static AwsException malformed(String message) {
        return new AwsException(400, "MalformedPolicy", message);
    }
}
