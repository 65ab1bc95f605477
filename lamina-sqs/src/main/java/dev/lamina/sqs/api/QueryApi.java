package dev.lamina.sqs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.protocol.Protocol;
import dev.lamina.sqs.message.RandomUuid;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * SQS's query protocol, which older CLIs and SDKs send (Debian's AWS CLI 2.9 among them): a form
 * naming its {@code Action}, posted to the endpoint or to a queue's URL (which then stands for a
 * missing {@code QueueUrl}), answered in XML. Parses the form into the JSON protocol's document,
 * performs it with {@link SqsApi}, renders the answer with {@link QueryXml}.
 */
public final class QueryApi {
    private final SqsApi api;
    private final RandomGenerator random;

    public QueryApi(SqsApi api, RandomGenerator random) {
        this.api = api;
        this.random = random;
    }

    /** Serves one query request (a {@code POST} form, or a {@code GET} with the parameters in its query). */
    public HttpResponse handle(HttpRequest request) throws Exception {
        String form = request.method().equals("GET")
                ? request.rawQuery()
                : new String(request.body(), StandardCharsets.UTF_8);
        Map<String, String> parameters = QueryForms.parse(form);
        String action = parameters.get("Action");
        if (action == null || action.isEmpty()) {
            throw new AwsException(400, "MissingAction", "The request must contain the parameter Action.");
        }
        ObjectNode input = QueryForms.document(action, parameters);
        String host = request.header("host");
        if (!input.hasNonNull("QueueUrl") && request.rawPath().length() > 1) {
            // a request posted to the queue's URL names its queue by its path
            input.put("QueueUrl", "http://" + (host == null ? "localhost" : host) + request.rawPath());
        }
        String requestId = RandomUuid.from(random);
        String xml = QueryXml.response(action, api.perform(action, input, host), requestId);
        return new HttpResponse(
                200,
                Map.of("Content-Type", "text/xml", Protocol.REQUEST_ID, requestId),
                xml.getBytes(StandardCharsets.UTF_8));
    }
}
