package dev.lamina.s3.api;

import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.s3.ObjectContent;
import dev.lamina.s3.ObjectStore;
import dev.lamina.s3.S3Errors;
import dev.lamina.s3.StoredObject;
import dev.lamina.s3.Versioning;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * The operations on one object: PutObject, CopyObject, GetObject (ranges, conditions), HeadObject,
 * DeleteObject; and DeleteObjects, which names its objects in its body.
 */
final class ObjectApi {
    /** An object up to this size is answered in one piece; a larger one streams from its file. */
    static final int WHOLE_LIMIT = 256 * 1024;

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** The headers an object keeps from its PUT and returns, with how S3 spells them. */
    private static final List<String> KEPT = List.of(
            "Content-Type", "Content-Encoding", "Content-Disposition", "Content-Language", "Cache-Control", "Expires");

    private final ObjectStore store;
    private final MultipartApi multipart;
    private final Versioning versioning;

    ObjectApi(ObjectStore store, MultipartApi multipart, Versioning versioning) {
        this.store = store;
        this.multipart = multipart;
        this.versioning = versioning;
    }

    /** The operation the request names, or {@code null} when it names none this node offers. */
    HttpResponse handle(HttpRequest request, String bucket, String key) throws IOException {
        if (MultipartApi.names(request)) {
            return multipart.handle(request, bucket, key);
        }
        if (request.hasQueryParam("tagging") && request.query().size() == 1) {
            return tagging(request, bucket, key);
        }
        if (!isPlain(request)) {
            return null;
        }
        return switch (request.method()) {
            case "PUT" ->
                request.header("x-amz-copy-source") != null ? copy(request, bucket, key) : put(request, bucket, key);
            case "GET" -> get(request, bucket, key, false);
            case "HEAD" -> get(request, bucket, key, true);
            case "DELETE" -> {
                String version = request.queryParam("versionId");
                Versioning.Deleted deleted =
                        version == null ? store.delete(bucket, key) : versioning.delete(bucket, key, version);
                Map<String, String> headers = new LinkedHashMap<>();
                if (deleted.version() != null) {
                    headers.put(VERSION_ID, deleted.version());
                }
                if (deleted.deleteMarker()) {
                    headers.put("x-amz-delete-marker", "true");
                }
                yield new HttpResponse(204, headers, new byte[0]);
            }
            default -> null;
        };
    }

    /** The header S3 names an object's version in. */
    static final String VERSION_ID = "x-amz-version-id";

    /** {@code headers} with the object's version id, when it has one. */
    private static Map<String, String> versioned(StoredObject object, Map<String, String> headers) {
        if (object.version().equals(StoredObject.NULL_VERSION)) {
            return headers;
        }
        Map<String, String> out = new LinkedHashMap<>(headers);
        out.put(VERSION_ID, object.version());
        return out;
    }

    /** A presigned URL's parameters of Signature Version 2, and the SDKs' {@code x-id}. */
    private static final java.util.Set<String> SIGV2_QUERY =
            java.util.Set.of("AWSAccessKeyId", "Signature", "Expires", "x-id", "versionId");

    /** Whether the query names no sub-resource (only response overrides and signatures, read elsewhere). */
    private static boolean isPlain(HttpRequest request) {
        for (String name : request.query().keySet()) {
            if (!name.startsWith("response-") && !name.startsWith("X-Amz-") && !SIGV2_QUERY.contains(name)) {
                return false;
            }
        }
        return true;
    }

    private HttpResponse tagging(HttpRequest request, String bucket, String key) throws IOException {
        return switch (request.method()) {
            case "GET" -> Tagging.render(store.tags(bucket, key));
            case "PUT" -> {
                store.setTags(bucket, key, Tagging.document(Bodies.small(request)));
                yield HttpResponse.empty(200);
            }
            case "DELETE" -> {
                store.setTags(bucket, key, Map.of());
                yield HttpResponse.empty(204);
            }
            default -> null;
        };
    }

    private HttpResponse put(HttpRequest request, String bucket, String key) throws IOException {
        byte[] md5 = contentMd5(request.header("content-md5"));
        Map<String, String> tags = Tagging.header(request.header("x-amz-tagging"));
        StoredObject object = store.put(bucket, key, Bodies.stream(request), kept(request), md5, tags);
        return new HttpResponse(200, versioned(object, Map.of("ETag", object.quotedEtag())), new byte[0]);
    }

    /**
     * The object {@code x-amz-copy-source} names: {@code [/]bucket/key[?versionId=…]}, the key
     * percent-encoded.
     *
     * @param version the source's version, or {@code null} for its current one
     */
    record Source(String bucket, String key, String version) {
        static Source of(String header) {
            String path = header;
            String version = null;
            int query = header.indexOf('?');
            if (query >= 0) {
                path = header.substring(0, query);
                String params = header.substring(query + 1);
                if (params.startsWith("versionId=")) {
                    version = URLDecoder.decode(params.substring("versionId=".length()), StandardCharsets.UTF_8);
                }
            }
            String source = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
            source = source.startsWith("/") ? source.substring(1) : source;
            int slash = source.indexOf('/');
            if (slash <= 0 || slash == source.length() - 1) {
                throw S3Errors.invalidArgument("Invalid copy source object key", "x-amz-copy-source", header);
            }
            return new Source(source.substring(0, slash), source.substring(slash + 1), version);
        }
    }

    private HttpResponse copy(HttpRequest request, String bucket, String key) {
        Source source = Source.of(request.header("x-amz-copy-source"));
        String directive = request.header("x-amz-metadata-directive");
        boolean replace = "REPLACE".equals(directive);
        if (directive != null && !replace && !directive.equals("COPY")) {
            throw S3Errors.invalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
        }
        String tagging = request.header("x-amz-tagging-directive");
        if (tagging != null && !tagging.equals("COPY") && !tagging.equals("REPLACE")) {
            throw S3Errors.invalidArgument("Unknown tagging directive.", "x-amz-tagging-directive", tagging);
        }
        StoredObject copy = store.copy(
                source.bucket(),
                source.key(),
                source.version(),
                bucket,
                key,
                replace ? kept(request) : null,
                "REPLACE".equals(tagging) ? Tagging.header(request.header("x-amz-tagging")) : null);
        HttpResponse result = Xml.document("CopyObjectResult")
                .element("LastModified", Xml.time(copy.lastModified()))
                .element("ETag", copy.quotedEtag())
                .response();
        return copy.version().equals(StoredObject.NULL_VERSION)
                ? result
                : result.withHeader(VERSION_ID, copy.version());
    }

    private HttpResponse get(HttpRequest request, String bucket, String key, boolean head) throws IOException {
        String version = request.queryParam("versionId");
        ObjectStore.Opened opened = version == null ? store.open(bucket, key) : versioning.open(bucket, key, version);
        ObjectContent content = opened.content();
        try {
            StoredObject object = opened.object();
            Map<String, String> headers = new LinkedHashMap<>(versioned(object, object.headers()));
            headers.putIfAbsent("Content-Type", "binary/octet-stream");
            headers.put("ETag", object.quotedEtag());
            headers.put("Last-Modified", HTTP_DATE.format(object.lastModified()));
            headers.put("Accept-Ranges", "bytes");
            int tagCount = version == null ? store.tags(bucket, key).size() : 0;
            if (tagCount > 0) {
                headers.put("x-amz-tagging-count", Integer.toString(tagCount));
            }
            switch (Preconditions.evaluate(
                    object.quotedEtag(),
                    object.lastModified(),
                    request.header("if-match"),
                    request.header("if-none-match"),
                    request.header("if-modified-since"),
                    request.header("if-unmodified-since"))) {
                case FAILED ->
                    throw new AwsException(
                            412,
                            "PreconditionFailed",
                            "At least one of the pre-conditions you specified did not hold",
                            Map.of(
                                    "Condition",
                                    request.header("if-match") != null ? "If-Match" : "If-Unmodified-Since"));
                case NOT_MODIFIED -> {
                    return new HttpResponse(304, notModified(headers), new byte[0]);
                }
                case PROCEED -> {}
            }
            overrides(request, headers);
            ByteRange range = ByteRange.parse(request.header("range"), object.size());
            long first = range == null ? 0 : range.first();
            long length = range == null ? object.size() : range.length();
            int status = range == null ? 200 : 206;
            if (range != null) {
                headers.put("Content-Range", range.contentRange(object.size()));
            }
            headers.put("Content-Length", Long.toString(length));
            if (head || length <= WHOLE_LIMIT) {
                byte[] body = head ? new byte[0] : content.read(first, (int) length);
                return new HttpResponse(status, headers, body);
            }
            ObjectContent streamed = content;
            content = null; // the streamed body closes it
            return HttpResponse.streamed(output -> {
                try (streamed) {
                    OutputStream out = output.open(status, headers, List.of());
                    streamed.writeTo(first, length, out);
                }
            });
        } finally {
            if (content != null) {
                content.close();
            }
        }
    }

    /** What a 304 keeps of the headers (RFC 9110: the validators and caching ones). */
    private static Map<String, String> notModified(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : List.of("ETag", "Last-Modified", "Cache-Control", "Expires")) {
            if (headers.containsKey(name)) {
                out.put(name, headers.get(name));
            }
        }
        return out;
    }

    /** GetObject's {@code response-content-type} and the like replace the stored headers. */
    private static void overrides(HttpRequest request, Map<String, String> headers) {
        for (String name : KEPT) {
            String value = request.queryParam("response-" + name.toLowerCase(Locale.ROOT));
            if (value != null) {
                headers.put(name, value);
            }
        }
    }

    /** The headers an object keeps from its request: {@link #KEPT} and every {@code x-amz-meta-*}. */
    static Map<String, String> kept(HttpRequest request) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : KEPT) {
            String value = request.header(name.toLowerCase(Locale.ROOT));
            if (value != null) {
                out.put(name, value);
            }
        }
        String encoding = out.get("Content-Encoding");
        if (encoding != null) {
            // aws-chunked is how the body came, not what it is
            String rest = String.join(
                    ",",
                    java.util.Arrays.stream(encoding.split(","))
                            .map(String::trim)
                            .filter(e -> !e.isEmpty() && !e.equalsIgnoreCase("aws-chunked"))
                            .toList());
            if (rest.isEmpty()) {
                out.remove("Content-Encoding");
            } else {
                out.put("Content-Encoding", rest);
            }
        }
        request.headers().forEach((name, values) -> {
            if (name.startsWith("x-amz-meta-") && !values.isEmpty()) {
                out.put(name, String.join(",", values));
            }
        });
        return out;
    }

    /** The MD5 a {@code Content-MD5} header gives, or {@code null}; S3's 400 {@code InvalidDigest} when malformed. */
    static byte[] contentMd5(String header) {
        if (header == null) {
            return null;
        }
        try {
            byte[] md5 = Base64.getDecoder().decode(header.trim());
            if (md5.length == 16) {
                return md5;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new AwsException(
                400, "InvalidDigest", "The Content-MD5 you specified was not valid.", Map.of("Content-MD5", header));
    }

    /** DeleteObjects: each key deleted (or its error), in S3's {@code DeleteResult}. */
    static HttpResponse deleteObjects(ObjectStore store, Versioning versioning, HttpRequest request, String bucket)
            throws IOException {
        Element root = XmlInput.parse(Bodies.small(request));
        if (!XmlInput.localName(root).equals("Delete")) {
            throw S3Errors.malformedXml();
        }
        List<BucketApi.Named> keys = BucketApi.keys(root);
        if (keys.isEmpty() || keys.size() > 1000) {
            throw S3Errors.malformedXml();
        }
        boolean quiet = "true".equalsIgnoreCase(XmlInput.text(root, "Quiet"));
        store.bucket(bucket);
        Xml xml = Xml.document("DeleteResult");
        for (BucketApi.Named named : keys) {
            String key = named.key();
            try {
                Versioning.Deleted deleted = named.version() == null
                        ? store.delete(bucket, key)
                        : versioning.delete(bucket, key, named.version());
                if (!quiet) {
                    xml.open("Deleted").element("Key", key).optional("VersionId", named.version());
                    if (deleted.deleteMarker()) {
                        xml.element("DeleteMarker", "true");
                        if (named.version() == null) {
                            xml.element("DeleteMarkerVersionId", deleted.version());
                        }
                    }
                    xml.close("Deleted");
                }
            } catch (AwsException e) {
                xml.open("Error")
                        .element("Key", key)
                        .element("Code", e.code())
                        .element("Message", e.getMessage())
                        .close("Error");
            }
        }
        return xml.response();
    }
}
