package dev.lamina.edge;

import dev.lamina.core.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What a handler answers: status, headers and body bytes; or, for a response whose status and
 * headers are known only once it starts (a streamed invocation), a {@link StreamedBody} that the
 * edge runs with the exchange's output; or, from a non-blocking route, the response to come.
 *
 * @param setCookies one {@code Set-Cookie} header each (the only header HTTP does not let us join)
 * @param streamed when not {@code null}, the edge ignores status, headers and body and runs it
 * @param pending when not {@code null}, the edge ignores the rest and answers with what it completes
 *     with (an {@link AwsException} it fails with is rendered as usual)
 */
public record HttpResponse(
        int status,
        Map<String, String> headers,
        byte[] body,
        List<String> setCookies,
        StreamedBody streamed,
        CompletionStage<HttpResponse> pending) {

    public HttpResponse {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
        setCookies = List.copyOf(setCookies);
    }

    public HttpResponse(
            int status, Map<String, String> headers, byte[] body, List<String> setCookies, StreamedBody streamed) {
        this(status, headers, body, setCookies, streamed, null);
    }

    public HttpResponse(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, List.of(), null);
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

    /** A response that {@code body} writes itself, status and headers included. */
    public static HttpResponse streamed(StreamedBody body) {
        return new HttpResponse(200, Map.of(), new byte[0], List.of(), body);
    }

    /** The response {@code later} completes with, from a non-blocking route. */
    public static HttpResponse later(CompletionStage<HttpResponse> later) {
        return new HttpResponse(200, Map.of(), new byte[0], List.of(), null, later);
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResponse(status, copy, body, setCookies, streamed, pending);
    }
}
