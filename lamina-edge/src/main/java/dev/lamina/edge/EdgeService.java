package dev.lamina.edge;

import dev.lamina.edge.protocol.DocumentProtocol;
import dev.lamina.edge.protocol.Protocol;
import java.util.Objects;
import java.util.Set;

/**
 * One API served on the edge port, as its module declares it: its name, the SigV4 service name its
 * requests are signed for, its protocol (how its errors look on the wire), and how the edge finds it
 * and its operation. The edge keeps the
 * services in a table and picks one per request (see {@link ServiceTable} for the order):
 *
 * <ul>
 *   <li>{@link RestApi}: an AWS API whose operations are routes (rest-json, rest-xml: Lambda, S3),
 *       found by its signing name or by the first path segment of its routes;
 *   <li>{@link TargetApi}: an AWS API whose operation {@code X-Amz-Target} names (JSON: Logs,
 *       DynamoDB, Kinesis), found by its signing name or its target prefix;
 *   <li>{@link NodeEndpoint}: one of the node's own endpoints (function URLs, {@code /health}), found
 *       by a Host label or a reserved path before any AWS API.
 * </ul>
 */
public sealed interface EdgeService {
    /** A name for logs and errors, unique on the node, e.g. {@code lambda}. */
    String name();

    /**
     * The service name the credential scope of its requests names (e.g. {@code lambda},
     * {@code logs}, {@code dynamodb}); the edge checks every request's signature for it. {@code null}
     * for an endpoint the edge leaves open (it may check a signature itself).
     */
    String signingName();

    /** The protocol the edge renders this service's errors in. */
    Protocol protocol();

    /**
     * Whether a request may declare its payload's hash in {@code x-amz-content-sha256}, including
     * {@code UNSIGNED-PAYLOAD}, rather than have its body signed: S3's APIs only, as on AWS. Every
     * other AWS API (Lambda, Logs, the JSON and query APIs) signs the body itself, so a request
     * signed with {@code UNSIGNED-PAYLOAD} there fails as any other wrong signature.
     */
    default boolean acceptsUnsignedPayload() {
        return false;
    }

    /**
     * How the service names what a request asks to do, for requests signed by a role (decision 38);
     * {@link AccessRules#named} by default. An endpoint the edge leaves open is never asked.
     */
    default AccessRules accessRules() {
        return AccessRules.named(signingName());
    }

    /**
     * An AWS API whose operations are HTTP routes.
     *
     * @param router its routes; a route whose template starts with a literal segment also makes that
     *     segment find the service (Lambda's {@code /2015-03-31/…}); one that starts with a parameter
     *     is found by the signing name only
     * @param acceptsUnsignedPayload see {@link EdgeService#acceptsUnsignedPayload()}: true for S3's
     *     rest-xml APIs only
     * @param accessRules see {@link EdgeService#accessRules()}
     */
    record RestApi(
            String name,
            String signingName,
            Protocol protocol,
            Router router,
            boolean acceptsUnsignedPayload,
            AccessRules accessRules)
            implements EdgeService {
        public RestApi {
            requireName(name);
            requireName(signingName);
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(accessRules, "accessRules");
        }

        /** An API with the {@link AccessRules#named default} access rules. */
        public RestApi(
                String name, String signingName, Protocol protocol, Router router, boolean acceptsUnsignedPayload) {
            this(name, signingName, protocol, router, acceptsUnsignedPayload, AccessRules.named(signingName));
        }

        /** An API whose bodies are always signed (every AWS REST API but S3's). */
        public RestApi(String name, String signingName, Protocol protocol, Router router) {
            this(name, signingName, protocol, router, false);
        }

        /** This API with {@code rules} naming what its requests ask. */
        public RestApi withAccessRules(AccessRules rules) {
            return new RestApi(name, signingName, protocol, router, acceptsUnsignedPayload, rules);
        }
    }

    /**
     * An AWS API whose requests are {@code POST}s naming their operation in {@code X-Amz-Target}, as
     * {@code <targetPrefix>.<operation>} (e.g. {@code Logs_20140328.FilterLogEvents}), with documents
     * for bodies: JSON, or CBOR to a client that sends CBOR. Its operations run on a virtual thread
     * each.
     */
    record TargetApi(
            String name,
            String signingName,
            DocumentProtocol protocol,
            String targetPrefix,
            Operations operations,
            AccessRules accessRules)
            implements EdgeService {
        public TargetApi {
            requireName(name);
            requireName(signingName);
            requireName(targetPrefix);
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(accessRules, "accessRules");
            if (targetPrefix.indexOf('.') >= 0) {
                throw new IllegalArgumentException("a target prefix has no dot: " + targetPrefix);
            }
        }

        /** An API with the {@link AccessRules#named default} access rules. */
        public TargetApi(
                String name,
                String signingName,
                DocumentProtocol protocol,
                String targetPrefix,
                Operations operations) {
            this(name, signingName, protocol, targetPrefix, operations, AccessRules.named(signingName));
        }

        /** This API with {@code rules} naming what its requests ask. */
        public TargetApi withAccessRules(AccessRules rules) {
            return new TargetApi(name, signingName, protocol, targetPrefix, operations, rules);
        }

        /** The operation an {@code X-Amz-Target} names for this API, or {@code null} when it names none. */
        public String operation(String target) {
            int dot = targetPrefix.length();
            return target != null
                            && target.length() > dot + 1
                            && target.charAt(dot) == '.'
                            && target.startsWith(targetPrefix)
                    ? target.substring(dot + 1)
                    : null;
        }
    }

    /**
     * One of the node's own endpoints, which the edge leaves open (a function URL of auth type AWS_IAM
     * checks its signature itself: it is signed for {@code lambda} yet is not Lambda's API).
     *
     * @param hostLabels the Host's second label that names it: {@code lambda-url} finds
     *     {@code <url-id>.lambda-url.<region>.localhost:9701}
     * @param paths reserved paths, each with whatever follows it after a slash: {@code /_lamina/url}
     *     finds {@code /_lamina/url/<url-id>/any/path}, {@code /health} finds {@code /health}
     * @param hostDomains what follows the Host's first label (without port, lower-case) that names
     *     it: {@code lambda.example.com} finds {@code <url-id>.lambda.example.com}, as a
     *     {@code --public-url} template names it ({@link PublicUrls})
     * @param unsignedOnly its reserved paths find it for unsigned requests only: a signed request
     *     there is for the service its signature names (the console's {@code /console} beside an S3
     *     bucket named {@code console}, path-style, as the AWS CLI addresses buckets at an endpoint URL)
     */
    record NodeEndpoint(
            String name,
            Protocol protocol,
            Set<String> hostLabels,
            Set<String> paths,
            Set<String> hostDomains,
            Router router,
            boolean unsignedOnly)
            implements EdgeService {
        public NodeEndpoint {
            requireName(name);
            Objects.requireNonNull(protocol, "protocol");
            hostLabels = Set.copyOf(hostLabels);
            paths = Set.copyOf(paths);
            hostDomains = Set.copyOf(hostDomains);
            for (String path : paths) {
                if (!path.startsWith("/") || path.endsWith("/") || path.length() < 2) {
                    throw new IllegalArgumentException("a reserved path starts with a slash and ends without: " + path);
                }
            }
            for (String label : hostLabels) {
                if (label.isEmpty() || label.indexOf('.') >= 0 || label.indexOf(':') >= 0) {
                    throw new IllegalArgumentException("a host label is one label: " + label);
                }
            }
        }

        /** An endpoint found by Host label, Host domain or reserved path, signed or not. */
        public NodeEndpoint(
                String name,
                Protocol protocol,
                Set<String> hostLabels,
                Set<String> paths,
                Set<String> hostDomains,
                Router router) {
            this(name, protocol, hostLabels, paths, hostDomains, router, false);
        }

        /** An endpoint found by Host label or reserved path only. */
        public NodeEndpoint(String name, Protocol protocol, Set<String> hostLabels, Set<String> paths, Router router) {
            this(name, protocol, hostLabels, paths, Set.of(), router);
        }

        /** An endpoint that unsigned requests to its reserved paths find (a browser's pages). */
        public static NodeEndpoint unsigned(String name, Protocol protocol, Set<String> paths, Router router) {
            return new NodeEndpoint(name, protocol, Set.of(), paths, Set.of(), router, true);
        }

        @Override
        public String signingName() {
            return null;
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "a service needs a name, a signing name and (for X-Amz-Target) a prefix");
        }
    }
}
