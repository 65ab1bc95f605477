package dev.lamina.edge;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, headers and body bytes. */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

    public HttpResponse {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static HttpResponse json(int status, byte[] body) {
        return new HttpResponse(status, Map.of("Content-Type", "application/json"), body);
    }

    public static HttpResponse json(int status, String body) {
        return json(status, body.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpResponse empty(int status) {
        return new HttpResponse(status, Map.of(), new byte[0]);
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResponse(status, copy, body);
    }
}
