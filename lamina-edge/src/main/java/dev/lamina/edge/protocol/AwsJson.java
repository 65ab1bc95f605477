package dev.lamina.edge.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * AWS JSON 1.0 and 1.1 (botocore's {@code "protocol": "json"} with its {@code jsonVersion}): every
 * request a {@code POST /} naming its operation in {@code X-Amz-Target}, bodies
 * {@code application/x-amz-json-1.0} or {@code -1.1}. DynamoDB speaks 1.0; Logs and Kinesis 1.1.
 * A request sent as CBOR is answered in {@link Cbor}.
 */
public final class AwsJson extends DocumentProtocol {
    public static final AwsJson V1_0 = new AwsJson("application/x-amz-json-1.0");
    public static final AwsJson V1_1 = new AwsJson("application/x-amz-json-1.1");

    private AwsJson(String contentType) {
        super(contentType, new ObjectMapper());
    }

    @Override
    public DocumentProtocol forContentType(String requestContentType) {
        return requestContentType != null && requestContentType.startsWith(Cbor.INSTANCE.contentType())
                ? Cbor.INSTANCE
                : this;
    }
}
