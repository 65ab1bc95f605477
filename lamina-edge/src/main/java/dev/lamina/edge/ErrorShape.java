package dev.lamina.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Every error of the edge, in Lambda's rest-json shape, whichever service answers. */
final class ErrorShape {
    /** Lambda writes these errors' message as {@code Message}, the others' as {@code message}. */
    private static final Set<String> CAPITALISED_MESSAGE = Set.of("ResourceNotFoundException", "ServiceException");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorShape() {}

    static HttpResponse render(AwsException e) {
        ObjectNode body = JSON.createObjectNode();
        body.put("__type", e.code());
        if (!e.code().equals("ValidationException")) {
            body.put("Type", e.status() >= 500 ? "Service" : "User");
        }
        body.put(CAPITALISED_MESSAGE.contains(e.code()) ? "Message" : "message", e.getMessage());
        e.fields().forEach(body::put);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-amzn-ErrorType", e.code());
        if (e.status() == 429) {
            headers.put("Retry-After", "1");
        }
        try {
            return new HttpResponse(e.status(), headers, JSON.writeValueAsBytes(body));
        } catch (IOException io) {
            throw new IllegalStateException(io);
        }
    }
}
