package dev.lamina.apigateway.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway's response rules for payload format 2.0: an object with {@code statusCode} is a response
 * ({@code headers}, {@code multiValueHeaders} joined by commas, {@code cookies} as Set-Cookie,
 * {@code body}, {@code isBase64Encoded}); any other JSON value is a 200 {@code application/json} body
 * sent as the function wrote it (a string keeps its quotes). Output that is not JSON, or a response
 * that breaks the rules, is {@link Malformed}, which API Gateway answers with a 500.
 */
public record ProxyResponse(int status, Map<String, String> headers, List<String> cookies, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The function's output cannot be turned into an HTTP response. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    public ProxyResponse {
        headers = Map.copyOf(headers);
        cookies = List.copyOf(cookies);
    }

    /** The HTTP response for a function's output under payload format 2.0. */
    public static ProxyResponse v2(byte[] output) throws Malformed {
        return of(output, false);
    }

    /**
     * The HTTP response for a function's output under payload format 1.0, where the output must be
     * an object with {@code statusCode} (anything else is {@link Malformed}).
     */
    public static ProxyResponse v1(byte[] output) throws Malformed {
        return of(output, true);
    }

    private static ProxyResponse of(byte[] output, boolean statusRequired) throws Malformed {
        JsonNode out;
        try {
            out = JSON.readTree(output);
        } catch (IOException e) {
            throw new Malformed("the output is not JSON");
        }
        if (out == null || out.isMissingNode()) {
            throw new Malformed("the output is empty");
        }
        if ((!out.isObject() || !out.has("statusCode")) && statusRequired) {
            throw new Malformed("a 1.0 response is an object with a statusCode");
        }
        if (!out.isObject() || !out.has("statusCode")) {
            return new ProxyResponse(200, Map.of("Content-Type", "application/json"), List.of(), output);
        }
        JsonNode status = out.get("statusCode");
        if (!status.canConvertToInt() || !status.isIntegralNumber() || status.asInt() < 100 || status.asInt() > 599) {
            throw new Malformed("statusCode is not an HTTP status");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode multi = out.path("multiValueHeaders");
        if (multi.isObject()) {
            for (var field : multi.properties()) {
                List<String> values = new ArrayList<>();
                field.getValue().forEach(v -> values.add(v.asText()));
                headers.put(field.getKey(), String.join(",", values));
            }
        }
        JsonNode single = out.path("headers");
        if (single.isObject()) {
            for (var field : single.properties()) {
                if (!field.getValue().isValueNode()) {
                    throw new Malformed("header " + field.getKey() + " is not a string");
                }
                headers.put(field.getKey(), field.getValue().asText());
            }
        }
        if (headers.keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
            headers.put("Content-Type", "application/json");
        }
        List<String> cookies = new ArrayList<>();
        out.path("cookies").forEach(c -> cookies.add(c.asText()));
        JsonNode bodyNode = out.get("body");
        byte[] body;
        if (bodyNode == null || bodyNode.isNull()) {
            body = new byte[0];
        } else if (out.path("isBase64Encoded").asBoolean(false)) {
            try {
                body = Base64.getDecoder().decode(bodyNode.asText());
            } catch (IllegalArgumentException e) {
                throw new Malformed("the body is not base64");
            }
        } else {
            body = (bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString()).getBytes(StandardCharsets.UTF_8);
        }
        return new ProxyResponse(status.asInt(), headers, cookies, body);
    }
}
