package dev.lamina.edge;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * Every URL the node hands out, and the way back from a request to what it addresses. A service asks
 * for "the public base of X" here and never formats a host itself: the base of the node's AWS APIs
 * (GetFunction's presigned {@code Code.Location}, later S3's presigned links), and the URL of one
 * resource of a node endpoint (a function URL; later an API Gateway stage).
 *
 * <p>Without a template, a resource's URL is a path on the node's API base,
 * {@code http://127.0.0.1:9701/_lamina/url/<id>/}: plain HTTP that every client resolves as
 * returned (names under {@code .localhost} are not resolved by glibc, so neither by Python, Node.js,
 * Java nor wrk). The API base is the address the caller reached the node by (its {@code Host}), so a
 * link is reachable for whoever asked, also on a node listening on {@code 0.0.0.0}; without a usable
 * {@code Host}, the listen address and port ({@code 0.0.0.0} and {@code ::} advertise loopback).
 *
 * <p>A template (the node's {@code --public-url}) puts a proxy's address in its place, with
 * {@code {id}} either as the host's first label ({@code https://{id}.lambda.example.com}, for a
 * wildcard DNS name) or as a path segment of its own ({@code https://gw.example.com/fn/{id}}). The
 * node then also serves what the template names, as a proxy that keeps the Host and path forwards
 * it: a Host {@code <id>.lambda.example.com} or a path {@code /fn/<id>/…}. In every form the
 * resource sees only the path after its id (a function's {@code rawPath}).
 *
 * <p>Immutable; the port is read when a URL is made, so a node bound to port 0 advertises the port it
 * got. Thread-safe.
 */
public final class PublicUrls {
    private static final Pattern HOST_HEADER =
            Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+])(?::\\d{1,5})?");
    private static final String ID = "{id}";

    private final Map<String, Template> templates;
    private final String listenHost;
    private final IntSupplier port;

    /**
     * A kind of node endpoint whose resources each have a URL.
     *
     * @param hostLabel the Host's second label that names it ({@code lambda-url} in
     *     {@code <id>.lambda-url.us-east-1.localhost}), also the key of its {@code --public-url}
     * @param reservedPath the path its resources live under on the node ({@code /_lamina/url})
     */
    public record Endpoint(String hostLabel, String reservedPath) {}

    /**
     * What a request addresses.
     *
     * @param id the resource's id, as the request spells it (the endpoint checks its form)
     * @param rawPath the path the resource sees, still encoded, at least {@code /}
     * @param domainName the Host without its port when the host named the resource, else {@code null}
     */
    public record Addressed(String id, String rawPath, String domainName) {}

    /** A parsed {@code --public-url}: what precedes and follows {@code {id}}, and where it sits. */
    private record Template(String before, String after, String hostDomain, String pathPrefix) {
        static Template parse(String template) {
            int at = template.indexOf(ID);
            if (at < 0 || template.indexOf(ID, at + 1) >= 0) {
                throw new IllegalArgumentException("A public URL template holds {id} exactly once: " + template);
            }
            URI uri;
            try {
                uri = new URI(template.replace(ID, "lamina-id"));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Not a URL: " + template + " (" + e.getMessage() + ")");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new IllegalArgumentException(
                        "A public URL template is an http(s) URL without query or fragment: " + template);
            }
            String after = template.substring(at + ID.length());
            String before = template.substring(0, at);
            if (uri.getHost().startsWith("lamina-id.") && before.equals(uri.getScheme() + "://")) {
                String path = uri.getRawPath() == null ? "" : uri.getRawPath();
                if (!path.isEmpty() && !path.equals("/")) {
                    throw new IllegalArgumentException("With {id} in the host, the template has no path: " + template);
                }
                String domain = uri.getHost().substring("lamina-id.".length()).toLowerCase(Locale.ROOT);
                return new Template(before, after.endsWith("/") ? after : after + "/", domain, null);
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            int segment = path.indexOf("/lamina-id");
            String rest = segment <= 0 ? "" : path.substring(segment + "/lamina-id".length());
            if (segment <= 0 || !(rest.isEmpty() || rest.equals("/"))) {
                throw new IllegalArgumentException("{id} is the host's first label or the last path segment, after"
                        + " at least one other (e.g. https://{id}.lambda.example.com or"
                        + " https://gw.example.com/fn/{id}): " + template);
            }
            return new Template(before, rest.isEmpty() ? "/" : rest, null, path.substring(0, segment));
        }
    }

    private PublicUrls(Map<String, Template> templates, String listenHost, IntSupplier port) {
        this.templates = templates;
        this.listenHost = listenHost;
        this.port = port;
    }

    /**
     * @param templates {@code --public-url} templates by endpoint host label (e.g. {@code lambda-url});
     *     an endpoint without one gets the path form on the API base
     * @param listenHost the address the node listens on, advertised when a request names none
     * @param port the node's port, once bound
     * @throws IllegalArgumentException when a template is not a URL with {@code {id}} where it may be
     */
    public static PublicUrls of(Map<String, String> templates, String listenHost, IntSupplier port) {
        Map<String, Template> parsed = new HashMap<>();
        templates.forEach((label, template) -> parsed.put(label, Template.parse(template)));
        return new PublicUrls(Map.copyOf(parsed), listenHost, port);
    }

    /**
     * The base of the node's AWS APIs for a caller, without a trailing slash:
     * {@code http://<the Host it sent>}, or the listen address when it sent none usable.
     */
    public String api(String requestHost) {
        if (requestHost != null && HOST_HEADER.matcher(requestHost).matches()) {
            return "http://" + requestHost;
        }
        String host = switch (listenHost) {
            case "0.0.0.0", "" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default ->
                listenHost.indexOf(':') >= 0 && !listenHost.startsWith("[") ? "[" + listenHost + "]" : listenHost;
        };
        return "http://" + host + ":" + port.getAsInt();
    }

    /** The public URL of resource {@code id} of {@code endpoint}, ending in {@code /}, for a caller that sent {@code requestHost}. */
    public String url(Endpoint endpoint, String id, String requestHost) {
        Template template = templates.get(endpoint.hostLabel());
        return template == null
                ? api(requestHost) + endpoint.reservedPath() + "/" + id + "/"
                : template.before() + id + template.after();
    }

    /** The Host domains (after the first label, no port) that the templates make {@code endpoint} answer. */
    public Set<String> hostDomains(Endpoint endpoint) {
        Template template = templates.get(endpoint.hostLabel());
        return template == null || template.hostDomain() == null ? Set.of() : Set.of(template.hostDomain());
    }

    /** The paths, besides its reserved one, that the templates make {@code endpoint} answer. */
    public Set<String> paths(Endpoint endpoint) {
        Template template = templates.get(endpoint.hostLabel());
        return template == null || template.pathPrefix() == null ? Set.of() : Set.of(template.pathPrefix());
    }

    /**
     * Which resource of {@code endpoint} a request addresses, in any form the node serves: a Host
     * {@code <id>.<hostLabel>.…} or {@code <id>.<template's domain>}, a path
     * {@code <reservedPath>/<id>/…} or {@code <template's path>/<id>/…}; {@code null} for none.
     */
    public Addressed find(Endpoint endpoint, String host, String rawPath) {
        if (host != null) {
            int dot = host.indexOf('.');
            if (dot > 0) {
                String name = stripPort(host);
                String domain = name.substring(dot + 1).toLowerCase(Locale.ROOT);
                if (domain.startsWith(endpoint.hostLabel() + ".")
                        || hostDomains(endpoint).contains(domain)) {
                    return new Addressed(host.substring(0, dot), rawPath.isEmpty() ? "/" : rawPath, name);
                }
            }
        }
        Addressed byPath = underPath(endpoint.reservedPath(), rawPath);
        if (byPath == null) {
            for (String prefix : paths(endpoint)) {
                byPath = underPath(prefix, rawPath);
            }
        }
        return byPath;
    }

    private static Addressed underPath(String prefix, String rawPath) {
        if (!rawPath.startsWith(prefix + "/")) {
            return null;
        }
        int start = prefix.length() + 1;
        int end = rawPath.indexOf('/', start);
        String id = rawPath.substring(start, end < 0 ? rawPath.length() : end);
        return id.isEmpty() ? null : new Addressed(id, end < 0 ? "/" : rawPath.substring(end), null);
    }

    private static String stripPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') && colon > 0 ? host.substring(0, colon) : host;
    }
}
