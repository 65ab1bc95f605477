package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.edge.HttpOutput;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.invoke.CallerTrace;
import dev.lamina.lambda.invoke.InvokeRequest;
import dev.lamina.lambda.invoke.InvokeResponse;
import dev.lamina.lambda.invoke.Invoker;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * InvokeWithResponseStream (2021-11-15): the function's response as an event stream of
 * {@code PayloadChunk} events, each sent as the runtime streams it, then one {@code InvokeComplete}
 * that carries the error (if any) and the log tail. Errors found before the function runs are
 * ordinary AWS errors; after that the status is 200 and a failure shows only in InvokeComplete.
 */
public final class StreamingInvokeApi {
    private final Invoker invoker;
    private final ObjectMapper json;

    public StreamingInvokeApi(Invoker invoker, ObjectMapper json) {
        this.invoker = invoker;
        this.json = json;
    }

    public Router router() {
        return new Router()
                .add(
                        "POST",
                        "/2021-11-15/functions/{FunctionName}/response-streaming-invocations",
                        (r, p) -> invoke(r, p.get("FunctionName")));
    }

    private HttpResponse invoke(HttpRequest request, String functionName) throws InterruptedException {
        String type = request.header("x-amz-invocation-type");
        if (type != null && !type.equals("RequestResponse") && !type.equals("DryRun")) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + type
                    + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [RequestResponse, DryRun]");
        }
        boolean tail = InvokeHeaders.logTail(request);
        InvokeRequest invoke = new InvokeRequest(
                functionName,
                request.queryParam("Qualifier"),
                "DryRun".equals(type)
                        ? InvokeRequest.InvocationType.DryRun
                        : InvokeRequest.InvocationType.RequestResponse,
                tail,
                request.header("x-amz-client-context"),
                request.body(),
                null,
                CallerTrace.fromHeaders(request.header("traceparent"), request.header("x-amzn-trace-id")),
                null);
        if (invoke.type() == InvokeRequest.InvocationType.DryRun) {
            InvokeResponse dry = invoker.invoke(invoke);
            return new HttpResponse(204, Map.of("x-amzn-RequestId", dry.requestId()), new byte[0]);
        }
        return HttpResponse.streamed(output -> stream(invoke, output));
    }

    private void stream(InvokeRequest invoke, HttpOutput output) throws IOException, InterruptedException {
        Chunks chunks = new Chunks(output);
        InvokeResponse response = invoker.invokeWithResponseStream(invoke, chunks::open);
        if (chunks.opened == null) {
            chunks.open(response.requestId(), response.executedVersion(), null);
        }
        if (response.functionError() == null && response.body().length > 0) {
            // The function answered at once (not streamed): its whole answer is one chunk.
            chunks.write(response.body(), 0, response.body().length);
        }
        ObjectNode complete = json.createObjectNode();
        if (response.functionError() != null) {
            JsonNode error = errorDocument(response.body());
            complete.put("ErrorCode", text(error, "errorType", response.functionError()));
            complete.put("ErrorDetails", text(error, "errorMessage", ""));
        }
        if (response.logResult() != null) {
            complete.put("LogResult", response.logResult());
        }
        EventStream.invokeComplete(chunks.opened, json.writeValueAsBytes(complete));
    }

    private JsonNode errorDocument(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.textValue() : fallback;
    }

    /** The response's body: each write one PayloadChunk event, sent at once. */
    private static final class Chunks extends OutputStream {
        private final HttpOutput output;
        private volatile OutputStream opened;

        Chunks(HttpOutput output) {
            this.output = output;
        }

        /** Sends the status and headers (once) and returns this stream of chunks. */
        OutputStream open(String requestId, String executedVersion, String contentType) throws IOException {
            opened = output.open(
                    200,
                    Map.of(
                            "Content-Type",
                            EventStream.CONTENT_TYPE,
                            "X-Amz-Executed-Version",
                            executedVersion,
                            "x-amzn-RequestId",
                            requestId),
                    List.of());
            return this;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            EventStream.payloadChunk(opened, bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            opened.flush();
        }
    }
}
