package dev.lamina.edge;

import dev.lamina.core.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the route for a request. Routes are tried in the order they were added; a path that matches
 * some route but not its method is a 405-style miss reported as an unknown operation, as AWS does.
 */
public final class Router {
    private final List<Entry> routes = new ArrayList<>();
    private Entry fallback;

    /**
     * A route, whether its handler never blocks (the edge then runs it on its event loop), and whether
     * it reads its body as a stream.
     */
    private record Entry(Route route, boolean nonBlocking, boolean streaming) {
        Entry(Route route, boolean nonBlocking) {
            this(route, nonBlocking, false);
        }
    }

    /**
     * A request's route with its path parameters.
     *
     * @param nonBlocking the handler never blocks: it answers at once or with {@link HttpResponse#later}
     * @param streaming the handler reads the body from {@link HttpRequest#bodyStream()}
     */
    public record Match(
            Route.Handler handler,
            Map<String, String> params,
            HttpRequest request,
            boolean nonBlocking,
            boolean streaming) {

        public HttpResponse handle() throws Exception {
            return handler.handle(request, params);
        }
    }

    public Router add(String method, String template, Route.Handler handler) {
        routes.add(new Entry(new Route(method, template, handler), false));
        return this;
    }

    /**
     * Adds a route whose handler never blocks its thread: it reads only memory and answers at once,
     * or with {@link HttpResponse#later}.
     */
    public Router addNonBlocking(String method, String template, Route.Handler handler) {
        routes.add(new Entry(new Route(method, template, handler), true));
        return this;
    }

    /**
     * Adds a route whose handler reads the body as it arrives, from {@link HttpRequest#bodyStream()}
     * (an upload of any size), rather than whole from {@link HttpRequest#body()}: the edge hands it the
     * request once the headers are in, on a thread of its own. Other routes are unchanged.
     */
    public Router addStreaming(String method, String template, Route.Handler handler) {
        routes.add(new Entry(new Route(method, template, handler), false, true));
        return this;
    }

    /** The methods of the routes that stream their body, for a quick look before the full lookup. */
    public Set<String> streamingMethods() {
        Set<String> out = new LinkedHashSet<>();
        for (Entry entry : routes) {
            if (entry.streaming()) {
                out.add(entry.route().method());
            }
        }
        return out;
    }

    /** Adds every route of {@code other}, after the routes this router has. */
    public Router addAll(Router other) {
        routes.addAll(other.routes);
        return this;
    }

    /** Handles every request that no route matches (a function URL serves any path). */
    public Router fallback(Route.Handler handler) {
        this.fallback = new Entry(new Route("*", "/", handler), false);
        return this;
    }

    /** {@link #fallback} with a handler that never blocks, as for {@link #addNonBlocking}. */
    public Router fallbackNonBlocking(Route.Handler handler) {
        this.fallback = new Entry(new Route("*", "/", handler), true);
        return this;
    }

    /**
     * The literal first segments of the routes' templates (e.g. {@code 2015-03-31}): the paths by
     * which the edge finds this router's service. A route that starts with a parameter adds none.
     */
    public Set<String> firstSegments() {
        Set<String> out = new LinkedHashSet<>();
        for (Entry entry : routes) {
            String first = entry.route().firstSegment();
            if (first != null) {
                out.add(first);
            }
        }
        return out;
    }

    /** The route for a request, or {@code null} when none matches. */
    public Match find(HttpRequest request) {
        if (!routes.isEmpty()) {
            List<String> segments = Route.segments(request.rawPath());
            for (Entry entry : routes) {
                if (!entry.route().method().equals(request.method())) {
                    continue;
                }
                Map<String, String> params = entry.route().match(segments, request.rawPath());
                if (params != null) {
                    return new Match(entry.route().handler(), params, request, entry.nonBlocking(), entry.streaming());
                }
            }
        }
        return fallback == null
                ? null
                : new Match(fallback.route().handler(), Map.of(), request, fallback.nonBlocking(), false);
    }

    public HttpResponse dispatch(HttpRequest request) throws Exception {
        Match match = find(request);
        if (match == null) {
            throw unknownOperation(request);
        }
        return match.handle();
    }

    /** AWS's answer to a request that no operation matches. */
    static AwsException unknownOperation(HttpRequest request) {
        return new AwsException(
                404, "UnknownOperationException", "No operation at " + request.method() + " " + request.rawPath());
    }
}
