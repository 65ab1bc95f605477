package dev.lamina.apigateway.route;

import dev.lamina.core.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A route key of an HTTP API: {@code $default}, or a method (or {@code ANY}) and a path template such
 * as {@code GET /items/{id}} or {@code ANY /files/{proxy+}}. A greedy variable ({@code {name+}}) is
 * the last segment only, as API Gateway requires.
 *
 * @param method the method in upper case, {@code ANY}, or {@code null} for {@code $default}
 * @param segments the template's path segments, none for {@code /} and for {@code $default}
 */
public record RouteKey(String text, String method, List<Segment> segments) {
    private static final Set<String> METHODS =
            Set.of("ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    /** One path segment of a template. */
    public sealed interface Segment {}

    /** A segment that matches only itself. */
    public record Literal(String value) implements Segment {}

    /** A segment that matches any one non-empty segment and names it. */
    public record Variable(String name) implements Segment {}

    /** The last segment, matching what is left of the path (one segment or more). */
    public record Greedy(String name) implements Segment {}

    public RouteKey {
        segments = List.copyOf(segments);
    }

    /** The catch-all route. */
    public boolean isDefault() {
        return method == null;
    }

    /**
     * Parses a route key as CreateApi's {@code RouteKey} and CreateRoute take it.
     *
     * @throws AwsException BadRequestException when it is neither {@code $default} nor
     *     {@code METHOD /path}
     */
    public static RouteKey parse(String text) {
        if ("$default".equals(text)) {
            return new RouteKey(text, null, List.of());
        }
        int space = text == null ? -1 : text.indexOf(' ');
        if (space <= 0) {
            throw invalid(text);
        }
        String method = text.substring(0, space);
        String path = text.substring(space + 1);
        if (!METHODS.contains(method) || !path.startsWith("/") || path.contains("//")) {
            throw invalid(text);
        }
        List<Segment> segments = new ArrayList<>();
        String[] parts = path.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                if (parts.length == 1) {
                    break; // "/"
                }
                throw invalid(text);
            }
            if (part.startsWith("{") && part.endsWith("}")) {
                String name = part.substring(1, part.length() - 1);
                if (name.endsWith("+")) {
                    if (i != parts.length - 1 || name.length() == 1) {
                        throw invalid(text);
                    }
                    segments.add(new Greedy(name.substring(0, name.length() - 1)));
                } else if (name.isEmpty() || name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
                    throw invalid(text);
                } else {
                    segments.add(new Variable(name));
                }
            } else if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0) {
                throw invalid(text);
            } else {
                segments.add(new Literal(part));
            }
        }
        return new RouteKey(text, method, segments);
    }

    /** Whether {@code requestMethod} (upper case) is one this route takes. */
    public boolean takes(String requestMethod) {
        return method != null && (method.equals("ANY") || method.equals(requestMethod.toUpperCase(Locale.ROOT)));
    }

    private static AwsException invalid(String text) {
        return new AwsException(
                400,
                "BadRequestException",
                "Invalid route key '" + text + "': a route key is $default or a method (or ANY) and a path,"
                        + " such as 'GET /items/{id}' or 'ANY /{proxy+}'.");
    }
}
