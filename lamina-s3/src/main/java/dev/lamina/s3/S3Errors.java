package dev.lamina.s3;

import dev.lamina.core.AwsException;
import java.util.LinkedHashMap;
import java.util.Map;

/** S3's errors, in its codes and words. */
public final class S3Errors {
    private S3Errors() {}

    public static AwsException noSuchBucket(String bucket) {
        return new AwsException(
                404, "NoSuchBucket", "The specified bucket does not exist", Map.of("BucketName", bucket));
    }

    public static AwsException noSuchKey(String key) {
        return new AwsException(404, "NoSuchKey", "The specified key does not exist.", Map.of("Key", key));
    }

    public static AwsException invalidArgument(String message, String name, String value) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ArgumentName", name);
        if (value != null) {
            fields.put("ArgumentValue", value);
        }
        return new AwsException(400, "InvalidArgument", message, fields);
    }

    public static AwsException invalidRequest(String message) {
        return new AwsException(400, "InvalidRequest", message);
    }

    public static AwsException malformedXml() {
        return new AwsException(
                400,
                "MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema");
    }
}
