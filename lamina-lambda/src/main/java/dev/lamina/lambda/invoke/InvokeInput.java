package dev.lamina.lambda.invoke;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.lambda.LambdaErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The checks of what an Invoke brings, with Lambda's errors: the payload's size and that it is one
 * JSON value (a streaming parse: nothing is built, the bytes pass on untouched), and the client
 * context header. Pure functions, called on the invoke path from any thread.
 */
final class InvokeInput {
    private static final int MAX_CLIENT_CONTEXT = 3583;
    private static final byte[] EMPTY_EVENT = "{}".getBytes(StandardCharsets.UTF_8);
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper CONTEXT_JSON = new ObjectMapper();

    private InvokeInput() {}

    /** The payload to deliver: the request's, or {@code {}} when it is empty. */
    static byte[] payload(InvokeRequest request) {
        byte[] payload = request.payload();
        int limit = request.type() == InvokeRequest.InvocationType.Event
                ? Invoker.MAX_ASYNC_PAYLOAD
                : Invoker.MAX_SYNC_PAYLOAD;
        if (payload.length > limit) {
            throw LambdaErrors.requestTooLarge(
                    "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
        }
        if (payload.length == 0) {
            return EMPTY_EVENT;
        }
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() == null) {
                return EMPTY_EVENT;
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IOException("Unexpected content after the JSON value");
            }
        } catch (IOException e) {
            throw LambdaErrors.invalidRequestContent(
                    "Could not parse request body into json: " + firstLine(e.getMessage()));
        }
        return payload;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid JSON";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The decoded client context, on one line (the runtime gets it in a header), or {@code null}. */
    static String clientContext(String header) {
        if (header == null || header.isEmpty()) {
            return null;
        }
        if (header.length() > MAX_CLIENT_CONTEXT) {
            throw LambdaErrors.invalidParameter(
                    "Client context must be smaller than " + MAX_CLIENT_CONTEXT + " bytes.");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header);
        } catch (IllegalArgumentException e) {
            throw LambdaErrors.invalidParameter("Client context must be a valid Base64-encoded JSON object.");
        }
        try {
            JsonNode context = CONTEXT_JSON.readTree(decoded);
            if (context == null || !context.isObject()) {
                throw new IOException("not an object");
            }
            return CONTEXT_JSON.writeValueAsString(context);
        } catch (IOException e) {
            throw LambdaErrors.invalidParameter("Client context must be a valid Base64-encoded JSON object.");
        }
    }
}
