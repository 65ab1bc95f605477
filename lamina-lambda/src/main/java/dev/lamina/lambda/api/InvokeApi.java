package dev.lamina.lambda.api;

import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.invoke.CallerTrace;
import dev.lamina.lambda.invoke.InvokeRequest;
import dev.lamina.lambda.invoke.InvokeResponse;
import dev.lamina.lambda.invoke.Invoker;
import java.util.LinkedHashMap;
import java.util.Map;

/** Lambda's Invoke (2015-03-31): the headers in, the invocation's answer and its headers out. */
public final class InvokeApi {
    private final Invoker invoker;

    public InvokeApi(Invoker invoker) {
        this.invoker = invoker;
    }

    public Router router() {
        return new Router()
                .addNonBlocking(
                        "POST",
                        "/2015-03-31/functions/{FunctionName}/invocations",
                        (r, p) -> invoke(r, p.get("FunctionName")));
    }

    /** Never blocks: the response follows when the invocation ends ({@link Invoker#invokeAsync}). */
    private HttpResponse invoke(HttpRequest request, String functionName) {
        String typeHeader = request.header("x-amz-invocation-type");
        InvokeRequest.InvocationType type;
        try {
            type = typeHeader == null
                    ? InvokeRequest.InvocationType.RequestResponse
                    : InvokeRequest.InvocationType.valueOf(typeHeader);
        } catch (IllegalArgumentException e) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + typeHeader
                    + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [Event, RequestResponse, DryRun]");
        }
        boolean tail = InvokeHeaders.logTail(request);
        return HttpResponse.later(invoker.invokeAsync(new InvokeRequest(
                        functionName,
                        request.queryParam("Qualifier"),
                        type,
                        tail && type == InvokeRequest.InvocationType.RequestResponse,
                        request.header("x-amz-client-context"),
                        request.body(),
                        null,
                        CallerTrace.fromHeaders(request.header("traceparent"), request.header("x-amzn-trace-id")),
                        null))
                .thenApply(InvokeApi::invokeResponse));
    }

    private static HttpResponse invokeResponse(InvokeResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amzn-RequestId", response.requestId());
        if (response.contentType() != null) {
            headers.put("Content-Type", response.contentType());
        }
        if (response.functionError() != null) {
            headers.put("X-Amz-Function-Error", response.functionError());
        }
        if (response.logResult() != null) {
            headers.put("X-Amz-Log-Result", response.logResult());
        }
        if (response.executedVersion() != null) {
            headers.put("X-Amz-Executed-Version", response.executedVersion());
        }
        return new HttpResponse(response.status(), headers, response.body());
    }
}
