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
 * percent-decoded path segment; trailing slashes are ignored on both sides. A last segment such as
 * {@code {Key+}} (AWS's greedy label, as in S3's {@code /{Bucket}/{Key+}}) captures the rest of the
 * path after the one slash that follows the segment before it, exactly as sent: empty segments and a
 * trailing slash included ({@code /b/dir/} gives {@code dir/}, {@code /b//x} gives {@code /x}); it
 * must not be empty.
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
    private final boolean greedy;

    public Route(String method, String template, Handler handler) {
        this.method = method;
        this.template = segments(template);
        this.handler = handler;
        this.greedy = !this.template.isEmpty() && this.template.getLast().endsWith("+}");
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
    Map<String, String> match(List<String> rawSegments, String rawPath) {
        if (greedy) {
            return matchGreedy(rawSegments, rawPath);
        }
        if (template.size() != rawSegments.size()) {
            return null;
        }
        return match(rawSegments, template);
    }

    private Map<String, String> matchGreedy(List<String> rawSegments, String rawPath) {
        int fixed = template.size() - 1;
        if (rawSegments.size() <= fixed) {
            return null;
        }
        Map<String, String> params = match(rawSegments.subList(0, fixed), template.subList(0, fixed));
        if (params == null) {
            return null;
        }
        int at = 0;
        for (int i = 0; i < fixed; i++) {
            while (at < rawPath.length() && rawPath.charAt(at) == '/') {
                at++;
            }
            at = rawPath.indexOf('/', at);
        }
        String tail = fixed == 0 ? stripOneSlash(rawPath) : rawPath.substring(at + 1);
        if (tail.isEmpty()) {
            return null;
        }
        String name = template.getLast();
        Map<String, String> out = new HashMap<>(params);
        out.put(name.substring(1, name.length() - 2), decode(tail));
        return out;
    }

    private static String stripOneSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static Map<String, String> match(List<String> have, List<String> want) {
        Map<String, String> params = null;
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            if (w.charAt(0) == '{') {
                if (params == null) {
                    params = new HashMap<>(4);
                }
                params.put(w.substring(1, w.length() - 1), decode(have.get(i)));
            } else if (!w.equals(have.get(i))) {
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
