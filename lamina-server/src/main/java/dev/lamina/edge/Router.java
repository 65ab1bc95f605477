package dev.lamina.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the route for a request. Routes are tried in the order they were added; a path that matches
 * some route but not its method is a 405-style miss reported as an unknown operation, as AWS does.
 */
public final class Router {
    private final List<Route> routes = new ArrayList<>();
    private Route.Handler fallback;

    public Router add(String method, String template, Route.Handler handler) {
        routes.add(new Route(method, template, handler));
        return this;
    }

    /** Adds every route of {@code other}, after the routes this router has. */
    public Router addAll(Router other) {
        routes.addAll(other.routes);
        return this;
    }

    /** Handles every request that no route matches (a function URL serves any path). */
    public Router fallback(Route.Handler handler) {
        this.fallback = handler;
        return this;
    }

    public HttpResponse dispatch(HttpRequest request) throws Exception {
        if (routes.isEmpty() && fallback != null) {
            return fallback.handle(request, Map.of());
        }
        List<String> segments = Route.segments(request.rawPath());
        for (Route route : routes) {
            if (!route.method().equals(request.method())) {
                continue;
            }
            Map<String, String> params = route.match(segments);
            if (params != null) {
                return route.handler().handle(request, params);
            }
        }
        if (fallback != null) {
            return fallback.handle(request, Map.of());
        }
        throw new AwsException(
                404, "UnknownOperationException", "No operation at " + request.method() + " " + request.rawPath());
    }
}
