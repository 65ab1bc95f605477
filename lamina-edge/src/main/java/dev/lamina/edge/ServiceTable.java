package dev.lamina.edge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which service a request is for, looked up in this order:
 *
 * <ol>
 *   <li>a node endpoint that the Host's second label ({@code <url-id>.lambda-url.<region>.…}), the
 *       Host after its first label (a {@code --public-url} domain: {@code <url-id>.lambda.example.com}) or a
 *       reserved path ({@code /_lamina/url/…}, {@code /health}) names. First, because a function URL
 *       of auth type AWS_IAM is signed for {@code lambda} yet is not Lambda's API; an endpoint for
 *       unsigned requests only ({@code /console}) is passed over by a signed one;
 *   <li>the service the credential scope names ({@code Credential=AKID/date/region/SERVICE/aws4_request}
 *       in {@code Authorization}, or the {@code X-Amz-Credential} query parameter), when one service
 *       signs with that name, or the target prefix picks one of those that do (DynamoDB and DynamoDB
 *       Streams share {@code dynamodb}), or, for a request without {@code X-Amz-Target}, the one of
 *       them that is not a target API (SQS's query protocol beside its JSON one);
 *   <li>the API whose prefix {@code X-Amz-Target} starts with, up to its dot;
 *   <li>the API whose routes start with the path's first segment (Lambda's {@code 2015-03-31}).
 * </ol>
 *
 * Example: {@code GET /2015-03-31/functions} signed for {@code lambda} finds Lambda at step 2, and
 * unsigned (a node without authentication) at step 4; {@code POST /} with {@code X-Amz-Target:
 * Logs_20140328.FilterLogEvents} finds Logs at step 2 or 3. Every step is a hash lookup of a piece of
 * a header or of the path; nothing is matched by pattern. Immutable; called on the event loop.
 */
final class ServiceTable {
    private final Map<String, EdgeService.NodeEndpoint> byHostLabel = new HashMap<>();
    private final Map<String, EdgeService.NodeEndpoint> byHostDomain = new HashMap<>();
    private final Map<String, List<Reserved>> byReservedSegment = new HashMap<>();
    private final Map<String, List<EdgeService>> bySigningName = new HashMap<>();
    private final Map<String, EdgeService.TargetApi> byTargetPrefix = new HashMap<>();
    private final Map<String, EdgeService.RestApi> byFirstSegment = new HashMap<>();
    private final Set<String> streamingMethods = new HashSet<>();

    /** A reserved path and its endpoint, under the path's first segment. */
    private record Reserved(String path, EdgeService.NodeEndpoint endpoint) {}

    /** Throws {@link IllegalArgumentException} when two services claim the same name, label, path, prefix or segment. */
    ServiceTable(List<EdgeService> services) {
        Set<String> names = new HashSet<>();
        for (EdgeService service : services) {
            if (!names.add(service.name())) {
                throw new IllegalArgumentException("two services named " + service.name());
            }
            switch (service) {
                case EdgeService.NodeEndpoint endpoint -> {
                    endpoint.hostLabels().forEach(label -> claim(byHostLabel, label, endpoint, "host label"));
                    endpoint.hostDomains().forEach(domain -> claim(byHostDomain, domain, endpoint, "host domain"));
                    for (String path : endpoint.paths()) {
                        List<Reserved> under =
                                byReservedSegment.computeIfAbsent(firstSegment(path), s -> new ArrayList<>(1));
                        if (under.stream().anyMatch(r -> r.path().equals(path))) {
                            throw new IllegalArgumentException("two endpoints reserve " + path);
                        }
                        under.add(new Reserved(path, endpoint));
                    }
                }
                case EdgeService.RestApi api -> {
                    signs(api);
                    api.router().firstSegments().forEach(segment -> claim(byFirstSegment, segment, api, "path"));
                    streamingMethods.addAll(api.router().streamingMethods());
                }
                case EdgeService.TargetApi api -> {
                    signs(api);
                    claim(byTargetPrefix, api.targetPrefix(), api, "target prefix");
                }
            }
        }
    }

    private void signs(EdgeService service) {
        bySigningName
                .computeIfAbsent(service.signingName(), s -> new ArrayList<>(1))
                .add(service);
    }

    private static <S extends EdgeService> void claim(Map<String, S> index, String key, S service, String what) {
        S before = index.putIfAbsent(key, service);
        if (before != null) {
            throw new IllegalArgumentException(
                    before.name() + " and " + service.name() + " both claim the " + what + " " + key);
        }
    }

    /** The service {@code request} is for, or {@code null} when none is. */
    EdgeService find(HttpRequest request) {
        return find(request, signingName(request));
    }

    /**
     * The service {@code request} is for when its credential scope names {@code scope} (a request
     * the node makes of itself carries no signature, so its caller names the scope), or {@code null}.
     */
    EdgeService find(HttpRequest request, String scope) {
        if (!byHostLabel.isEmpty()) {
            String label = hostLabel(request.header("host"));
            EdgeService.NodeEndpoint endpoint = label == null ? null : byHostLabel.get(label);
            if (endpoint != null) {
                return endpoint;
            }
        }
        if (!byHostDomain.isEmpty()) {
            String domain = hostDomain(request.header("host"));
            EdgeService.NodeEndpoint endpoint = domain == null ? null : byHostDomain.get(domain);
            if (endpoint != null) {
                return endpoint;
            }
        }
        String path = request.rawPath();
        String first = firstSegment(path);
        List<Reserved> reserved = byReservedSegment.get(first);
        if (reserved != null) { // an endpoint for unsigned requests leaves a signed one to its service
            for (Reserved r : reserved) {
                if ((scope == null || !r.endpoint().unsignedOnly())
                        && path.startsWith(r.path())
                        && (path.length() == r.path().length()
                                || path.charAt(r.path().length()) == '/')) {
                    return r.endpoint();
                }
            }
        }
        String target = request.header("x-amz-target");
        EdgeService.TargetApi byTarget = target == null ? null : byTargetPrefix.get(targetPrefix(target));
        List<EdgeService> signed = scope == null ? null : bySigningName.get(scope);
        if (signed != null) {
            if (signed.size() == 1) {
                return signed.getFirst();
            }
            if (byTarget != null && scope.equals(byTarget.signingName())) {
                return byTarget;
            }
            EdgeService untargeted = untargeted(signed);
            if (target == null && untargeted != null) {
                return untargeted;
            }
        }
        return byTarget != null ? byTarget : byFirstSegment.get(first);
    }

    /**
     * Whether {@code head} (a request whose body has not arrived) is for a route that streams its body.
     * A request whose method no streaming route has is answered by one set lookup, so the requests of
     * every other route pay nothing more.
     */
    boolean streams(HttpRequest head) {
        if (!streamingMethods.contains(head.method())) {
            return false;
        }
        Router.Match match =
                find(head) instanceof EdgeService.RestApi api ? api.router().find(head) : null;
        return match != null && match.streaming();
    }

    /**
     * The one service among those sharing a signing name that is not found by {@code X-Amz-Target}, or
     * {@code null}: SQS answers the JSON protocol by target and the query protocol (a form naming its
     * {@code Action}, which older CLIs send) without one, both signed for {@code sqs}.
     */
    private static EdgeService untargeted(List<EdgeService> signed) {
        EdgeService found = null;
        for (EdgeService service : signed) {
            if (!(service instanceof EdgeService.TargetApi)) {
                if (found != null) {
                    return null;
                }
                found = service;
            }
        }
        return found;
    }

    /** The Host's second label: {@code lambda-url} of {@code <id>.lambda-url.us-east-1.localhost:9701}. */
    static String hostLabel(String host) {
        if (host == null) {
            return null;
        }
        int first = host.indexOf('.');
        int second = first <= 0 ? -1 : host.indexOf('.', first + 1);
        return second < 0 ? null : host.substring(first + 1, second);
    }

    /** What follows the Host's first label, without port, lower-case: {@code lambda.example.com} of {@code x.lambda.example.com:443}. */
    static String hostDomain(String host) {
        int first = host == null ? -1 : host.indexOf('.');
        if (first <= 0) {
            return null;
        }
        int colon = host.lastIndexOf(':');
        int end = colon > first && host.indexOf(']') < 0 ? colon : host.length();
        return host.substring(first + 1, end).toLowerCase(java.util.Locale.ROOT);
    }

    /** The path's first segment, {@code ""} for the root: {@code 2015-03-31} of {@code /2015-03-31/functions}. */
    static String firstSegment(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        int end = path.indexOf('/', start);
        return path.substring(start, end < 0 ? path.length() : end);
    }

    /** What precedes the target's first dot: {@code Logs_20140328} of {@code Logs_20140328.FilterLogEvents}. */
    static String targetPrefix(String target) {
        int dot = target.indexOf('.');
        return dot < 0 ? target : target.substring(0, dot);
    }

    /**
     * The service of the request's credential scope, from its Authorization header or its presigned
     * query; {@code s3} for a presigned URL of Signature Version 2, which only S3 takes.
     */
    static String signingName(HttpRequest request) {
        String authorization = request.header("authorization");
        if (authorization != null) {
            int credential = authorization.indexOf("Credential=");
            return credential < 0 ? null : scopeService(authorization, credential + "Credential=".length());
        }
        String credential = request.queryParam("X-Amz-Credential");
        if (credential != null) {
            return scopeService(credential, 0);
        }
        // an S3 presigned URL of Signature Version 2 names no scope: S3 is the only API that takes one
        return request.queryParam("AWSAccessKeyId") != null && request.queryParam("Signature") != null ? "s3" : null;
    }

    /** The fourth field of {@code AKID/date/region/service/aws4_request} starting at {@code from}. */
    private static String scopeService(String text, int from) {
        int slash = from - 1;
        for (int field = 0; field < 3; field++) {
            slash = text.indexOf('/', slash + 1);
            if (slash < 0) {
                return null;
            }
        }
        int end = text.indexOf('/', slash + 1);
        return end < 0 ? null : text.substring(slash + 1, end);
    }
}
