package dev.lamina.lambda.async;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The document Lambda sends to a destination when an asynchronous invocation is done:
 *
 * <pre>{@code
 * {"version":"1.0","timestamp":"2025-01-02T03:04:05.678Z",
 *  "requestContext":{"requestId":"…","functionArn":"arn:…:function:f:$LATEST",
 *                    "condition":"RetriesExhausted","approximateInvokeCount":3},
 *  "requestPayload":{…the event…},
 *  "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},
 *  "responsePayload":{…what the function returned, or its error document…}}
 * }</pre>
 *
 * The event and the response are embedded as JSON, as they were; a response that is not JSON is
 * embedded as a string. An event that expired before it ever ran has no response members.
 */
public final class InvocationRecord {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON = new JsonFactory();

    private InvocationRecord() {}

    /**
     * @param functionArn the invoked function's ARN, qualified with its version
     * @param attempts how many times the function ran the event
     * @param response the last attempt's response, or {@code null} if it never ran
     */
    public static byte[] of(
            ObjectMapper json,
            RetryPolicy.Condition condition,
            AsyncEvent event,
            String functionArn,
            int attempts,
            FunctionResponse response,
            Instant now) {
        ObjectNode record = json.createObjectNode();
        record.put("version", "1.0");
        record.put("timestamp", TIMESTAMP.format(now));
        record.putObject("requestContext")
                .put("requestId", event.requestId())
                .put("functionArn", functionArn)
                .put("condition", condition.name())
                .put("approximateInvokeCount", attempts);
        record.putRawValue("requestPayload", new RawValue(new String(event.payload(), StandardCharsets.UTF_8)));
        if (response != null) {
            ObjectNode context = record.putObject("responseContext");
            context.put("statusCode", 200);
            context.put("executedVersion", response.executedVersion());
            if (response.functionError() != null) {
                context.put("functionError", response.functionError());
            }
            String body = new String(response.body(), StandardCharsets.UTF_8);
            if (isJson(response.body())) {
                record.putRawValue("responsePayload", new RawValue(body));
            } else {
                record.put("responsePayload", body);
            }
        }
        try {
            return json.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the bytes are exactly one JSON value (a streaming check; nothing is built). */
    static boolean isJson(byte[] bytes) {
        if (bytes.length == 0) {
            return false;
        }
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
