package dev.lamina.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.core.AwsException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Requests the node makes of its own services, served in-process as the node's operator: found in
 * the edge's {@link ServiceTable} under the signing name a signed request would carry, performed by
 * the service's own route or operation, with no socket, no signature and no authorization (what the
 * node's own keys get on the port). CloudFormation creates a stack's resources this way, through each
 * service's public API, so that no service needs an SPI only for being deployed.
 *
 * <p>Errors come back as the {@link AwsException} the service threw, not rendered in its protocol, so
 * that the caller can report the service's own words. Called on the caller's thread, which it blocks
 * until the answer is there (a virtual thread: an operation may wait, as an invocation does).
 */
public final class NodeRequests {
    private final ServiceTable services;

    NodeRequests(ServiceTable services) {
        this.services = services;
    }

    /**
     * Serves {@code request}, a route of a REST API ({@code POST /2015-03-31/functions} of Lambda,
     * {@code PUT /bucket} of S3), as a request signed for {@code signingName} would be; returns the
     * route's response. Throws {@code UnknownOperationException} when no route takes it.
     */
    public HttpResponse send(String signingName, HttpRequest request) throws Exception {
        Router.Match match = services.find(request, signingName) instanceof EdgeService.RestApi api
                ? api.router().find(request)
                : null;
        if (match == null) {
            throw Router.unknownOperation(request);
        }
        HttpResponse response = match.handle();
        if (response.streamed() != null) {
            throw new IllegalArgumentException("a streamed response is not for the node's own requests: "
                    + request.method() + " " + request.rawPath());
        }
        return response.pending() == null ? response : await(response);
    }

    /**
     * Performs {@code operation} of the API whose {@code X-Amz-Target} prefix is {@code targetPrefix}
     * (SQS's {@code AmazonSQS}, DynamoDB's {@code DynamoDB_20120810}) on {@code input}, as a request
     * signed for {@code signingName}; returns its output document.
     */
    public JsonNode perform(String signingName, String targetPrefix, String operation, JsonNode input)
            throws Exception {
        String target = targetPrefix + "." + operation;
        HttpRequest request =
                new HttpRequest("POST", "/", null, Map.of(), Map.of("x-amz-target", List.of(target)), new byte[0]);
        if (!(services.find(request, signingName) instanceof EdgeService.TargetApi api)
                || api.operation(target) == null) {
            throw new AwsException(400, "UnknownOperationException", "No operation named by X-Amz-Target " + target);
        }
        return api.operations().perform(operation, input, request);
    }

    private static HttpResponse await(HttpResponse response) throws Exception {
        try {
            return response.pending().toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
