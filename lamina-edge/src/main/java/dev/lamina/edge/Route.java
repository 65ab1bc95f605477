package dev.lamina.edge;

import dev.lamina.core.AwsException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the route table: a method and a path template such as
 * {@code /2015-03-31/functions/{FunctionName}/invocations}. A template segment in braces captures one
 * percent-decoded path segment; trailing slashes are ignored on both sides.
 */
public final class Route {

    /** Parses the request and performs one operation; throws {@link AwsException} for client errors. */
    @FunctionalInterface
    public interface Handler {
        HttpResponse handle(HttpRequest request, Map<String, String> pathParams) throws Exception;
    }

    private final String method;
    private final List<String> template;
    private final Handler handler;

    public Route(String method, String template, Handler handler) {
        this.method = method;
        this.template = segments(template);
        this.handler = handler;
    }

    public String method() {
        return method;
    }

    public Handler handler() {
        return handler;
    }

    /** The template's first segment when it is literal ({@code ""} for the root), {@code null} when it is a parameter. */
    String firstSegment() {
        if (template.isEmpty()) {
            return "";
        }
        String first = template.getFirst();
        return first.charAt(0) == '{' ? null : first;
    }

    /** Path parameters when this route's template matches the request's segments, else {@code null}. */
    Map<String, String> match(List<String> rawSegments) {
        if (template.size() != rawSegments.size()) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < template.size(); i++) {
            String want = template.get(i);
            String have = rawSegments.get(i);
            if (want.charAt(0) == '{') {
                if (params == null) {
                    params = new HashMap<>(4);
                }
                params.put(want.substring(1, want.length() - 1), decode(have));
            } else if (!want.equals(have)) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }

    private static String decode(String segment) {
        return segment.indexOf('%') < 0
                ? segment
                : URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static List<String> segments(String path) {
        List<String> out = new ArrayList<>(6);
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                if (i > start) {
                    out.add(path.substring(start, i));
                }
                start = i + 1;
            }
        }
        return out;
    }
}
