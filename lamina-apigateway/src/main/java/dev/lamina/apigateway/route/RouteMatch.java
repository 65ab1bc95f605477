package dev.lamina.apigateway.route;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which route of an HTTP API a request takes, as API Gateway chooses: the most specific match wins,
 * then {@code $default}.
 *
 * <p>Specificity is compared segment by segment from the left: a literal beats a variable, a variable
 * beats a greedy variable; at equal paths a route for the request's own method beats {@code ANY}.
 * Example, for {@code GET /items/42}: {@code GET /items/42} over {@code GET /items/{id}} over
 * {@code ANY /items/{id}} over {@code GET /items/{proxy+}} over {@code GET /{proxy+}} over
 * {@code $default}. A greedy variable needs at least one segment ({@code /items/{proxy+}} does not
 * match {@code /items}), and a path's trailing slash is ignored. Pure; no I/O.
 *
 * @param route the route key chosen
 * @param pathParameters the variables it names, percent-decoded, in template order
 */
public record RouteMatch(RouteKey route, Map<String, String> pathParameters) {
    /** The route {@code routes} give a request of {@code method} for {@code rawPath}, if any. */
    public static Optional<RouteMatch> find(List<RouteKey> routes, String method, String rawPath) {
        List<String> path = segments(rawPath);
        RouteKey best = null;
        RouteKey fallback = null;
        for (RouteKey route : routes) {
            if (route.isDefault()) {
                fallback = route;
            } else if (route.takes(method) && matches(route, path) && (best == null || moreSpecific(route, best))) {
                best = route;
            }
        }
        if (best == null) {
            return fallback == null ? Optional.empty() : Optional.of(new RouteMatch(fallback, Map.of()));
        }
        return Optional.of(new RouteMatch(best, parameters(best, path)));
    }

    private static boolean matches(RouteKey route, List<String> path) {
        List<RouteKey.Segment> template = route.segments();
        for (int i = 0; i < template.size(); i++) {
            RouteKey.Segment segment = template.get(i);
            if (segment instanceof RouteKey.Greedy) {
                return path.size() > i;
            }
            if (i >= path.size()) {
                return false;
            }
            if (segment instanceof RouteKey.Literal(String value) && !value.equals(path.get(i))) {
                return false;
            }
        }
        return template.size() == path.size();
    }

    /** Whether {@code a} is more specific than {@code b}, both matching the same request. */
    private static boolean moreSpecific(RouteKey a, RouteKey b) {
        int n = Math.min(a.segments().size(), b.segments().size());
        for (int i = 0; i < n; i++) {
            int ra = rank(a.segments().get(i));
            int rb = rank(b.segments().get(i));
            if (ra != rb) {
                return ra > rb;
            }
        }
        if (a.segments().size() != b.segments().size()) {
            return a.segments().size() > b.segments().size(); // more literal prefix before the greedy tail
        }
        return !a.method().equals("ANY") && b.method().equals("ANY");
    }

    private static int rank(RouteKey.Segment segment) {
        return switch (segment) {
            case RouteKey.Literal l -> 2;
            case RouteKey.Variable v -> 1;
            case RouteKey.Greedy g -> 0;
        };
    }

    private static Map<String, String> parameters(RouteKey route, List<String> path) {
        Map<String, String> out = new LinkedHashMap<>();
        List<RouteKey.Segment> template = route.segments();
        for (int i = 0; i < template.size(); i++) {
            switch (template.get(i)) {
                case RouteKey.Variable(String name) -> out.put(name, decode(path.get(i)));
                case RouteKey.Greedy(String name) ->
                    out.put(name, decode(String.join("/", path.subList(i, path.size()))));
                case RouteKey.Literal l -> {}
            }
        }
        return out;
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw; // a malformed escape is passed on as sent
        }
    }
}
