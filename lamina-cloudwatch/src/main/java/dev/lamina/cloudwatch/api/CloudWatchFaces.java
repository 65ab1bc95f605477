package dev.lamina.cloudwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.cloudwatch.metric.CloudWatchErrors;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.protocol.AwsJson;
import dev.lamina.edge.protocol.Cbor;
import dev.lamina.edge.protocol.Protocol;
import dev.lamina.edge.protocol.WireResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The two wire forms of CloudWatch that are not a plain {@code X-Amz-Target} API, both served by
 * {@link CloudWatchApi}:
 *
 * <ul>
 *   <li>the query protocol ({@link #query}): a form naming its {@code Action}, posted to {@code /},
 *       answered in XML; what botocore's model declares and Debian's CLI 2.9 sends;
 *   <li>Smithy RPC v2 CBOR ({@link #rpcV2}): {@code POST /service/GraniteServiceVersion20100801/
 *       operation/<Operation>} with a CBOR body and {@code smithy-protocol: rpc-v2-cbor}, answered
 *       in CBOR with that header; what the AWS SDK for Java v2 sends since CloudWatch's model moved
 *       to it. Its errors are rendered here, as CBOR {@code {"__type", "message"}} with the query
 *       code in {@code x-amzn-query-error} (the model is {@code awsQueryCompatible}): the edge renders
 *       this face's own refusals (a bad signature) in the query protocol, the API's declared one.
 * </ul>
 */
public final class CloudWatchFaces {
    /** What the RPC v2 path names the service by, and the JSON protocol's {@code X-Amz-Target} prefix. */
    public static final String SERVICE = "GraniteServiceVersion20100801";

    /** The query protocol's XML namespace, of its answers and its errors. */
    public static final String NAMESPACE = QueryAnswer.NAMESPACE;

    /** The RPC v2 route's template. */
    public static final String RPC_V2_PATH = "/service/" + SERVICE + "/operation/{operation}";

    private static final String SMITHY_PROTOCOL = "smithy-protocol";
    private static final String RPC_V2_CBOR = "rpc-v2-cbor";
    private static final String CBOR = "application/cbor";

    private final CloudWatchApi api;
    private final RandomGenerator random;

    public CloudWatchFaces(CloudWatchApi api, RandomGenerator random) {
        this.api = api;
        this.random = random;
    }

    /** One query request: a {@code POST} form, or a {@code GET} with the parameters in its query. */
    public HttpResponse query(HttpRequest request) {
        String form = request.method().equals("GET")
                ? request.rawQuery()
                : new String(request.body(), StandardCharsets.UTF_8);
        Map<String, String> parameters = QueryRequest.parse(form);
        String action = parameters.get("Action");
        if (action == null || action.isEmpty()) {
            throw new AwsException(400, "MissingAction", "The request must contain the parameter Action.");
        }
        JsonNode output = api.perform(action, QueryRequest.document(parameters));
        String requestId = requestId();
        return new HttpResponse(
                200,
                Map.of("Content-Type", "text/xml", Protocol.REQUEST_ID, requestId),
                QueryAnswer.response(action, output, requestId).getBytes(StandardCharsets.UTF_8));
    }

    /** One RPC v2 CBOR request for {@code operation}; every error it meets is answered in CBOR. */
    public HttpResponse rpcV2(HttpRequest request, String operation) {
        String requestId = requestId();
        WireResponse wire;
        try {
            wire = Cbor.INSTANCE.write(api.perform(operation, Cbor.INSTANCE.read(request.body())));
        } catch (AwsException e) {
            wire = ERRORS.error(e, requestId);
        }
        Map<String, String> headers = new HashMap<>(wire.headers());
        headers.remove(Protocol.ERROR_TYPE);
        headers.put("Content-Type", CBOR);
        headers.put(SMITHY_PROTOCOL, RPC_V2_CBOR);
        headers.put(Protocol.REQUEST_ID, requestId);
        return new HttpResponse(wire.status(), headers, wire.body());
    }

    /** The header with the query code, from the JSON protocol's query-compatible errors. */
    private static final AwsJson ERRORS_JSON = AwsJson.queryCompatible(CloudWatchErrors.QUERY_CODES);

    /** Errors as CBOR documents, with the query-compatible header. */
    private static final Protocol ERRORS = (error, requestId) -> {
        WireResponse cbor = Cbor.INSTANCE.error(error, requestId);
        Map<String, String> headers = new HashMap<>(cbor.headers());
        headers.put(
                AwsJson.QUERY_ERROR,
                ERRORS_JSON.error(error, requestId).headers().get(AwsJson.QUERY_ERROR));
        return new WireResponse(cbor.status(), headers, cbor.body());
    };

    private String requestId() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
