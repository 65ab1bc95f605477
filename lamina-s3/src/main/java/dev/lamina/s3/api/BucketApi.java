package dev.lamina.s3.api;

import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.s3.Bucket;
import dev.lamina.s3.ObjectStore;
import dev.lamina.s3.S3Errors;
import dev.lamina.s3.StoredObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * The operations on a bucket: Create, Delete, Head, GetBucketLocation, GetBucketVersioning (never
 * enabled here), ListObjects (v1 and v2) and DeleteObjects; and ListBuckets. Parses, calls the
 * {@link ObjectStore}, renders S3's XML.
 */
final class BucketApi {
    private static final int MAX_KEYS = 1000;

    private final NotificationsApi notifications;
    private final ObjectStore store;
    private final MultipartApi multipart;
    private final VersionsApi versions;
    private final String account;

    BucketApi(
            ObjectStore store,
            MultipartApi multipart,
            VersionsApi versions,
            NotificationsApi notifications,
            String account) {
        this.notifications = notifications;
        this.store = store;
        this.multipart = multipart;
        this.versions = versions;
        this.account = account;
    }

    /** The operation the request names, or {@code null} when it names none this node offers. */
    HttpResponse handle(HttpRequest request, String bucket) throws IOException {
        if (request.hasQueryParam("policy") && request.query().size() == 1) {
            return policy(request, bucket);
        }
        if (request.hasQueryParam("notification") && request.query().size() == 1) {
            return notifications.handle(request, bucket);
        }
        if (request.hasQueryParam("versioning") && request.method().equals("PUT")) {
            return versions.setStatus(request, bucket);
        }
        return switch (request.method()) {
            case "PUT" -> isPlain(request) ? create(request, bucket) : null;
            case "DELETE" -> isPlain(request) ? delete(bucket) : null;
            case "HEAD" -> head(bucket);
            case "GET" -> get(request, bucket);
            case "POST" ->
                request.hasQueryParam("delete")
                        ? ObjectApi.deleteObjects(store, versions.versioning(), request, bucket)
                        : null;
            default -> null;
        };
    }

    private static boolean isPlain(HttpRequest request) {
        return request.query().isEmpty();
    }

    HttpResponse listBuckets() {
        Xml xml = Xml.document("ListAllMyBucketsResult");
        owner(xml).open("Buckets");
        for (Bucket bucket : store.buckets()) {
            xml.open("Bucket")
                    .element("Name", bucket.name())
                    .element("CreationDate", Xml.time(bucket.created()))
                    .close("Bucket");
        }
        return xml.close("Buckets").response();
    }

    private Xml owner(Xml xml) {
        return xml.open("Owner")
                .element("ID", account)
                .element("DisplayName", "lamina")
                .close("Owner");
    }

    private HttpResponse create(HttpRequest request, String bucket) throws IOException {
        byte[] body = Bodies.small(request);
        String location = null;
        if (body.length > 0) {
            Element root = XmlInput.parse(body);
            if (!XmlInput.localName(root).equals("CreateBucketConfiguration")) {
                throw S3Errors.malformedXml();
            }
            location = XmlInput.text(root, "LocationConstraint");
        }
        store.createBucket(bucket, location);
        return new HttpResponse(200, Map.of("Location", "/" + bucket), new byte[0]);
    }

    /** Put, Get and DeleteBucketPolicy: the policy is kept as given (a JSON object), not enforced. */
    private HttpResponse policy(HttpRequest request, String bucket) throws IOException {
        return switch (request.method()) {
            case "GET" ->
                new HttpResponse(
                        200,
                        Map.of("Content-Type", "application/json"),
                        store.policy(bucket).getBytes(StandardCharsets.UTF_8));
            case "PUT" -> {
                store.setPolicy(bucket, Policies.check(Bodies.small(request)));
                yield HttpResponse.empty(204);
            }
            case "DELETE" -> {
                store.setPolicy(bucket, null);
                yield HttpResponse.empty(204);
            }
            default -> null;
        };
    }

    private HttpResponse delete(String bucket) {
        store.deleteBucket(bucket);
        return HttpResponse.empty(204);
    }

    private HttpResponse head(String bucket) {
        Bucket found = store.bucket(bucket);
        return new HttpResponse(200, Map.of("x-amz-bucket-region", found.region()), new byte[0]);
    }

    private HttpResponse get(HttpRequest request, String bucket) {
        if (request.hasQueryParam("location")) {
            Bucket found = store.bucket(bucket);
            // S3 says nothing for us-east-1, its first region
            String constraint = found.region().equals("us-east-1") ? "" : found.region();
            return Xml.document("LocationConstraint").text(constraint).response();
        }
        if (request.hasQueryParam("versioning")) {
            return versions.status(bucket);
        }
        if (request.hasQueryParam("versions")) {
            return versions.list(request, bucket);
        }
        if (request.hasQueryParam("uploads")) {
            return multipart.listUploads(request, bucket);
        }
        for (String sub : new String[] {"policy", "acl", "tagging", "cors", "lifecycle", "website"}) {
            if (request.hasQueryParam(sub)) {
                return null;
            }
        }
        return "2".equals(request.queryParam("list-type")) ? listV2(request, bucket) : listV1(request, bucket);
    }

    private HttpResponse listV2(HttpRequest request, String bucket) {
        String prefix = orEmpty(request.queryParam("prefix"));
        String delimiter = request.queryParam("delimiter");
        String token = request.queryParam("continuation-token");
        String startAfter = request.queryParam("start-after");
        int maxKeys = maxKeys(request);
        boolean url = encoding(request);
        String after = token != null ? decodeToken(token) : orEmpty(startAfter);
        var page = store.list(bucket, prefix, delimiter, after, maxKeys);
        Xml xml = Xml.document("ListBucketResult")
                .element("Name", bucket)
                .element("Prefix", encode(prefix, url))
                .element("KeyCount", page.count())
                .element("MaxKeys", maxKeys);
        xml.optional("Delimiter", delimiter == null ? null : encode(delimiter, url))
                .element("IsTruncated", Boolean.toString(page.truncated()))
                .optional("ContinuationToken", token)
                .optional("NextContinuationToken", page.truncated() ? encodeToken(page.cursor()) : null)
                .optional("StartAfter", startAfter == null ? null : encode(startAfter, url))
                .optional("EncodingType", url ? "url" : null);
        contents(xml, page.contents(), url, false);
        commonPrefixes(xml, page.commonPrefixes(), url);
        return xml.response();
    }

    private HttpResponse listV1(HttpRequest request, String bucket) {
        String prefix = orEmpty(request.queryParam("prefix"));
        String delimiter = request.queryParam("delimiter");
        String marker = orEmpty(request.queryParam("marker"));
        int maxKeys = maxKeys(request);
        boolean url = encoding(request);
        var page = store.list(bucket, prefix, delimiter, marker, maxKeys);
        Xml xml = Xml.document("ListBucketResult")
                .element("Name", bucket)
                .element("Prefix", encode(prefix, url))
                .element("Marker", encode(marker, url))
                .element("MaxKeys", maxKeys);
        xml.optional("Delimiter", delimiter == null ? null : encode(delimiter, url))
                .element("IsTruncated", Boolean.toString(page.truncated()))
                // S3 says NextMarker only with a delimiter; without one the client uses the last key
                .optional(
                        "NextMarker",
                        page.truncated() && delimiter != null && page.last() != null ? encode(page.last(), url) : null)
                .optional("EncodingType", url ? "url" : null);
        contents(xml, page.contents(), url, true);
        commonPrefixes(xml, page.commonPrefixes(), url);
        return xml.response();
    }

    private void contents(Xml xml, List<StoredObject> objects, boolean url, boolean withOwner) {
        for (StoredObject object : objects) {
            xml.open("Contents")
                    .element("Key", encode(object.key(), url))
                    .element("LastModified", Xml.time(object.lastModified()))
                    .element("ETag", object.quotedEtag())
                    .element("Size", object.size())
                    .element("StorageClass", "STANDARD");
            if (withOwner) {
                owner(xml);
            }
            xml.close("Contents");
        }
    }

    private static void commonPrefixes(Xml xml, List<String> prefixes, boolean url) {
        for (String prefix : prefixes) {
            xml.open("CommonPrefixes").element("Prefix", encode(prefix, url)).close("CommonPrefixes");
        }
    }

    private static int maxKeys(HttpRequest request) {
        return maxKeys(request.queryParam("max-keys"), MAX_KEYS);
    }

    /** A page size as S3 reads one: at most {@code most}, which is also the default. */
    static int maxKeys(String raw, int most) {
        if (raw == null) {
            return most;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n < 0) {
                throw S3Errors.invalidArgument(
                        "Argument maxKeys must be an integer between 0 and 2147483647", "maxKeys", raw);
            }
            return Math.min(n, most);
        } catch (NumberFormatException e) {
            throw S3Errors.invalidArgument("Provided max-keys not an integer or within integer range", "max-keys", raw);
        }
    }

    private static boolean encoding(HttpRequest request) {
        String type = request.queryParam("encoding-type");
        if (type == null) {
            return false;
        }
        if (!type.equals("url")) {
            throw S3Errors.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", type);
        }
        return true;
    }

    /** A key as {@code encoding-type=url} gives it: form-encoded (as botocore decodes it), slashes kept. */
    static String encode(String text, boolean url) {
        return url ? URLEncoder.encode(text, StandardCharsets.UTF_8).replace("%2F", "/") : text;
    }

    private static String encodeToken(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw S3Errors.invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** An object a DeleteObjects names: its key, and a version or {@code null}. */
    record Named(String key, String version) {}

    static List<Named> keys(Element delete) {
        List<Named> keys = new ArrayList<>();
        for (Element object : XmlInput.children(delete, "Object")) {
            String key = XmlInput.text(object, "Key");
            if (key == null) {
                throw S3Errors.malformedXml();
            }
            keys.add(new Named(key, XmlInput.text(object, "VersionId")));
        }
        return keys;
    }
}
