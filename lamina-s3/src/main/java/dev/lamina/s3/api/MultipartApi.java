package dev.lamina.s3.api;

import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.s3.Multipart;
import dev.lamina.s3.ObjectContent;
import dev.lamina.s3.ObjectStore;
import dev.lamina.s3.S3Errors;
import dev.lamina.s3.StoredObject;
import dev.lamina.s3.Versioning;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * Multipart uploads: Create, UploadPart, UploadPartCopy, Complete, Abort, ListParts and
 * ListMultipartUploads.
 */
final class MultipartApi {
    private static final int MAX_PARTS_LISTED = 1000;

    private final ObjectStore store;
    private final Multipart multipart;
    private final Versioning versioning;
    private final String account;

    MultipartApi(ObjectStore store, Multipart multipart, Versioning versioning, String account) {
        this.store = store;
        this.multipart = multipart;
        this.versioning = versioning;
        this.account = account;
    }

    /** Whether the request is one of an object's multipart operations. */
    static boolean names(HttpRequest request) {
        return request.hasQueryParam("uploads") || request.hasQueryParam("uploadId");
    }

    /** The object operation the request names, or {@code null} when none this offers. */
    HttpResponse handle(HttpRequest request, String bucket, String key) throws IOException {
        String uploadId = request.queryParam("uploadId");
        return switch (request.method()) {
            case "POST" ->
                request.hasQueryParam("uploads")
                        ? create(request, bucket, key)
                        : uploadId != null ? complete(request, bucket, key, uploadId) : null;
            case "PUT" -> uploadId != null ? uploadPart(request, bucket, key, uploadId) : null;
            case "GET" -> uploadId != null ? listParts(request, bucket, key, uploadId) : null;
            case "DELETE" -> {
                if (uploadId == null) {
                    yield null;
                }
                multipart.abort(bucket, key, uploadId);
                yield HttpResponse.empty(204);
            }
            default -> null;
        };
    }

    private HttpResponse create(HttpRequest request, String bucket, String key) {
        Multipart.Upload upload = multipart.create(bucket, key, ObjectApi.kept(request));
        return Xml.document("InitiateMultipartUploadResult")
                .element("Bucket", bucket)
                .element("Key", key)
                .element("UploadId", upload.id())
                .response();
    }

    private HttpResponse uploadPart(HttpRequest request, String bucket, String key, String uploadId)
            throws IOException {
        int number = partNumber(request.queryParam("partNumber"));
        String copySource = request.header("x-amz-copy-source");
        if (copySource == null) {
            Multipart.Part part = multipart.uploadPart(
                    bucket,
                    key,
                    uploadId,
                    number,
                    Bodies.stream(request),
                    ObjectApi.contentMd5(request.header("content-md5")));
            return new HttpResponse(200, Map.of("ETag", part.quotedEtag()), new byte[0]);
        }
        ObjectApi.Source source = ObjectApi.Source.of(copySource);
        ObjectStore.Opened opened = source.version() == null
                ? store.open(source.bucket(), source.key())
                : versioning.open(source.bucket(), source.key(), source.version());
        StoredObject object = opened.object();
        String rangeHeader = request.header("x-amz-copy-source-range");
        ByteRange range = rangeHeader == null ? null : ByteRange.parse(rangeHeader, object.size());
        if (rangeHeader != null && range == null) {
            opened.content().close();
            throw S3Errors.invalidArgument(
                    "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are"
                            + " the zero-based offsets of the first and last bytes to copy",
                    "x-amz-copy-source-range",
                    rangeHeader);
        }
        ObjectContent content = opened.content();
        long first = range == null ? 0 : range.first();
        long length = range == null ? object.size() : range.length();
        Multipart.Part part;
        try (InputStream in = content.stream(first, length)) {
            part = multipart.copyPart(bucket, key, uploadId, number, in);
        }
        return Xml.document("CopyPartResult")
                .element("LastModified", Xml.time(part.lastModified()))
                .element("ETag", part.quotedEtag())
                .response();
    }

    private HttpResponse complete(HttpRequest request, String bucket, String key, String uploadId) throws IOException {
        Element root = XmlInput.parse(Bodies.small(request));
        if (!XmlInput.localName(root).equals("CompleteMultipartUpload")) {
            throw S3Errors.malformedXml();
        }
        List<Multipart.Named> named = new ArrayList<>();
        for (Element part : XmlInput.children(root, "Part")) {
            named.add(new Multipart.Named(partNumber(XmlInput.text(part, "PartNumber")), XmlInput.text(part, "ETag")));
        }
        StoredObject object = multipart.complete(bucket, key, uploadId, named);
        return Xml.document("CompleteMultipartUploadResult")
                .element("Location", "/" + bucket + "/" + key)
                .element("Bucket", bucket)
                .element("Key", key)
                .element("ETag", object.quotedEtag())
                .response();
    }

    private HttpResponse listParts(HttpRequest request, String bucket, String key, String uploadId) {
        int marker = request.queryParam("part-number-marker") == null
                ? 0
                : partNumberOrZero(request.queryParam("part-number-marker"));
        int max = BucketApi.maxKeys(request.queryParam("max-parts"), MAX_PARTS_LISTED);
        List<Multipart.Part> after = multipart.parts(bucket, key, uploadId).stream()
                .filter(p -> p.number() > marker)
                .toList();
        List<Multipart.Part> page = after.subList(0, Math.min(max, after.size()));
        boolean truncated = after.size() > page.size();
        Xml xml = Xml.document("ListPartsResult")
                .element("Bucket", bucket)
                .element("Key", key)
                .element("UploadId", uploadId)
                .element("PartNumberMarker", marker)
                .element(
                        "NextPartNumberMarker",
                        page.isEmpty() ? marker : page.getLast().number())
                .element("MaxParts", max)
                .element("IsTruncated", Boolean.toString(truncated));
        people(xml).element("StorageClass", "STANDARD");
        for (Multipart.Part part : page) {
            xml.open("Part")
                    .element("PartNumber", part.number())
                    .element("LastModified", Xml.time(part.lastModified()))
                    .element("ETag", part.quotedEtag())
                    .element("Size", part.size())
                    .close("Part");
        }
        return xml.response();
    }

    /** ListMultipartUploads, for a bucket's {@code GET ?uploads}. */
    HttpResponse listUploads(HttpRequest request, String bucket) {
        String prefix = request.queryParam("prefix") == null ? "" : request.queryParam("prefix");
        int max = BucketApi.maxKeys(request.queryParam("max-uploads"), MAX_PARTS_LISTED);
        List<Multipart.Upload> all = multipart.uploads(bucket, prefix);
        List<Multipart.Upload> page = all.subList(0, Math.min(max, all.size()));
        Xml xml = Xml.document("ListMultipartUploadsResult")
                .element("Bucket", bucket)
                .element("KeyMarker", "")
                .element("UploadIdMarker", "")
                .element("Prefix", prefix)
                .element("MaxUploads", max)
                .element("IsTruncated", Boolean.toString(page.size() < all.size()));
        if (page.size() < all.size()) {
            xml.element("NextKeyMarker", page.getLast().key())
                    .element("NextUploadIdMarker", page.getLast().id());
        }
        for (Multipart.Upload upload : page) {
            xml.open("Upload").element("Key", upload.key()).element("UploadId", upload.id());
            people(xml)
                    .element("StorageClass", "STANDARD")
                    .element("Initiated", Xml.time(upload.initiated()))
                    .close("Upload");
        }
        return xml.response();
    }

    private Xml people(Xml xml) {
        return xml.open("Initiator")
                .element("ID", account)
                .element("DisplayName", "lamina")
                .close("Initiator")
                .open("Owner")
                .element("ID", account)
                .element("DisplayName", "lamina")
                .close("Owner");
    }

    private static int partNumber(String raw) {
        int n = partNumberOrZero(raw);
        if (n < 1 || n > Multipart.MAX_PARTS) {
            throw S3Errors.invalidArgument(
                    "Part number must be an integer between 1 and 10000, inclusive", "partNumber", raw);
        }
        return n;
    }

    private static int partNumberOrZero(String raw) {
        try {
            return raw == null ? 0 : Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
