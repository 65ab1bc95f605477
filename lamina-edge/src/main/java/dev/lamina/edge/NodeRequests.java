package dev.lamina.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.core.AwsException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Requests the node makes of its own services, served in-process: found in the edge's
 * {@link ServiceTable} under the signing name a signed request would carry, performed by the
 * service's own route or operation, with no socket and no signature. They act for the principal of
 * the request being served on the calling thread ({@link RequestPrincipal}): a role's are authorized
 * as that role's own requests would be, and refused in the service's words; without one they are the
 * node operator's (what the node's own keys get on the port). CloudFormation creates a stack's
 * resources this way, through each service's public API, so that no service needs an SPI only for
 * being deployed, and a caller deploys nothing it could not make itself.
 *
 * <p>Errors come back as the {@link AwsException} the service threw, not rendered in its protocol, so
 * that the caller can report the service's own words. Called on the caller's thread, which it blocks
 * until the answer is there (a virtual thread: an operation may wait, as an invocation does).
 */
public final class NodeRequests {
    private final ServiceTable services;
    private final AccessPolicy policy;

    NodeRequests(ServiceTable services, AccessPolicy policy) {
        this.services = services;
        this.policy = policy;
    }

    /**
     * Serves {@code request}, a route of a REST API ({@code POST /2015-03-31/functions} of Lambda,
     * {@code PUT /bucket} of S3), as a request signed for {@code signingName} would be; returns the
     * route's response. Throws {@code UnknownOperationException} when no route takes it.
     */
    public HttpResponse send(String signingName, HttpRequest request) throws Exception {
        EdgeService service = services.find(request, signingName);
        Router.Match match =
                service instanceof EdgeService.RestApi api ? api.router().find(request) : null;
        if (match == null) {
            throw Router.unknownOperation(request);
        }
        String principal = RequestPrincipal.current();
        if (principal != null) {
            Dispatcher.authorize(
                    policy, service, principal, service.accessRules().ofRoute(match.request(), match.params()));
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
        String principal = RequestPrincipal.current();
        if (principal != null) {
            Dispatcher.authorize(policy, api, principal, api.accessRules().ofOperation(operation, input));
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
