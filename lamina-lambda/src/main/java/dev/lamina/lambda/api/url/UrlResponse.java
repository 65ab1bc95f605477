package dev.lamina.lambda.api.url;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda's response rules for function URLs (payload format 2.0), read in one streaming pass: an
 * object with {@code statusCode} is a response ({@code headers}, {@code cookies} → Set-Cookie,
 * {@code body}, {@code isBase64Encoded}); any other JSON value is sent as it is, with status 200
 * and {@code application/json}. Anything malformed is {@link Malformed}, which the caller turns
 * into Lambda's 502.
 *
 * @param body the bytes to send ({@code null} keeps the function's output as it is)
 */
record UrlResponse(int status, Map<String, String> headers, List<String> cookies, byte[] body) {
    private static final JsonFactory JSON = new JsonFactory();
    static final Map<String, String> JSON_TYPE = Map.of("Content-Type", "application/json");

    /** The function's output cannot be turned into an HTTP response. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static UrlResponse of(byte[] output) throws Malformed {
        return parse(output, false);
    }

    /**
     * The status, headers and cookies a streaming function sends before its body (the JSON that
     * {@code awslambda.HttpResponseStream.from} writes); its body is what the function streams.
     */
    static UrlResponse prelude(byte[] json) throws Malformed {
        return parse(json, true);
    }

    private static UrlResponse parse(byte[] output, boolean prelude) throws Malformed {
        try (JsonParser p = JSON.createParser(output)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new Malformed("empty output");
            }
            if (first != JsonToken.START_OBJECT && prelude) {
                throw new Malformed("the prelude is not a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren();
                requireEnd(p);
                return new UrlResponse(200, JSON_TYPE, List.of(), output);
            }
            Integer status = null;
            Map<String, String> headers = null;
            List<String> cookies = List.of();
            String body = null;
            boolean base64 = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "statusCode" -> status = statusCode(p, value);
                    case "headers" -> headers = headers(p, value);
                    case "cookies" -> cookies = cookies(p, value);
                    case "body" -> body = body(p, value, output);
                    case "isBase64Encoded" -> base64 = value == JsonToken.VALUE_TRUE;
                    default -> p.skipChildren();
                }
            }
            requireEnd(p);
            if (status == null && !prelude) {
                return new UrlResponse(200, JSON_TYPE, List.of(), output);
            }
            if (headers == null || !hasContentType(headers)) {
                headers = headers == null ? new LinkedHashMap<>() : headers;
                headers.put("Content-Type", prelude ? "application/octet-stream" : "application/json");
            }
            if (prelude) {
                return new UrlResponse(status == null ? 200 : status, headers, cookies, new byte[0]);
            }
            byte[] bytes;
            if (body == null) {
                bytes = new byte[0];
            } else if (base64) {
                try {
                    bytes = Base64.getDecoder().decode(body);
                } catch (IllegalArgumentException e) {
                    throw new Malformed("body is not valid base64");
                }
            } else {
                bytes = body.getBytes(StandardCharsets.UTF_8);
            }
            return new UrlResponse(status, headers, cookies, bytes);
        } catch (IOException e) {
            throw new Malformed("output is not JSON: " + e.getMessage());
        }
    }

    private static void requireEnd(JsonParser p) throws IOException, Malformed {
        if (p.nextToken() != null) {
            throw new Malformed("content after the JSON value");
        }
    }

    private static int statusCode(JsonParser p, JsonToken value) throws IOException, Malformed {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new Malformed("statusCode is not an integer");
        }
        int status = p.getIntValue();
        if (status < 100 || status > 599) {
            throw new Malformed("statusCode out of range: " + status);
        }
        return status;
    }

    private static Map<String, String> headers(JsonParser p, JsonToken value) throws IOException, Malformed {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw new Malformed("headers is not an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (!v.isScalarValue() || v == JsonToken.VALUE_NULL) {
                throw new Malformed("header " + name + " is not a string");
            }
            out.put(name, p.getText());
        }
        return out;
    }

    private static List<String> cookies(JsonParser p, JsonToken value) throws IOException, Malformed {
        if (value == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (value != JsonToken.START_ARRAY) {
            throw new Malformed("cookies is not a list");
        }
        List<String> out = new ArrayList<>(4);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new Malformed("a cookie is not a string");
            }
            out.add(p.getText());
        }
        return out;
    }

    /** The body as text; a body that is not a string (Lambda is lenient) is sent as its JSON text. */
    private static String body(JsonParser p, JsonToken value, byte[] output) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value.isScalarValue()) {
            return p.getText();
        }
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        int end = (int) p.currentLocation().getByteOffset();
        return new String(output, start, end - start, StandardCharsets.UTF_8);
    }

    static boolean hasContentType(Map<String, String> headers) {
        for (String name : headers.keySet()) {
            if (name.equalsIgnoreCase("content-type")) {
                return true;
            }
        }
        return false;
    }
}
