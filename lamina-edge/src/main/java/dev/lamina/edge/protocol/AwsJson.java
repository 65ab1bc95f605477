package dev.lamina.edge.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import java.util.HashMap;
import java.util.Map;

/**
 * AWS JSON 1.0 and 1.1 (botocore's {@code "protocol": "json"} with its {@code jsonVersion}): every
 * request a {@code POST /} naming its operation in {@code X-Amz-Target}, bodies
 * {@code application/x-amz-json-1.0} or {@code -1.1}. DynamoDB speaks 1.0; Logs and Kinesis 1.1.
 * A request sent as CBOR is answered in {@link Cbor}.
 *
 * <p>An API that moved from the query protocol to JSON ({@code awsQueryCompatible} in its model: SQS)
 * keeps its query error codes for clients that compare them: each error also carries
 * {@code x-amzn-query-error: <query code>;<Sender|Receiver>}, which the SDKs read as the error's code
 * while {@code __type} picks the exception class. Example: SQS's {@code QueueDoesNotExist} carries
 * {@code x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender}.
 */
public final class AwsJson extends DocumentProtocol {
    public static final AwsJson V1_0 = new AwsJson("application/x-amz-json-1.0", null);
    public static final AwsJson V1_1 = new AwsJson("application/x-amz-json-1.1", null);

    /** The header of a query-compatible API's error: its query code and whose fault. */
    public static final String QUERY_ERROR = "x-amzn-query-error";

    private final Map<String, String> queryCodes;

    private AwsJson(String contentType, Map<String, String> queryCodes) {
        super(
                contentType,
                new ObjectMapper(JsonFactory.builder().recyclerPool(BUFFERS).build()));
        this.queryCodes = queryCodes;
    }

    /**
     * JSON 1.0 for an API whose model is {@code awsQueryCompatible}.
     *
     * @param queryCodes the query protocol's code of each error whose code differs there (a code not
     *     in it is its own query code)
     */
    public static AwsJson queryCompatible(Map<String, String> queryCodes) {
        return new AwsJson(V1_0.contentType(), Map.copyOf(queryCodes));
    }

    @Override
    public DocumentProtocol forContentType(String requestContentType) {
        return requestContentType != null && requestContentType.startsWith(Cbor.INSTANCE.contentType())
                ? Cbor.INSTANCE
                : this;
    }

    @Override
    public WireResponse error(AwsException error, String requestId) {
        WireResponse plain = super.error(error, requestId);
        if (queryCodes == null) {
            return plain;
        }
        Map<String, String> headers = new HashMap<>(plain.headers());
        headers.put(
                QUERY_ERROR,
                queryCodes.getOrDefault(error.code(), error.code()) + ";"
                        + (error.fault() == AwsException.Fault.RECEIVER ? "Receiver" : "Sender"));
        return new WireResponse(plain.status(), headers, plain.body());
    }
}
