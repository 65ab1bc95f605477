package dev.lamina.s3.api;

import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.s3.Bucket;
import dev.lamina.s3.ObjectStore;
import dev.lamina.s3.S3Errors;
import dev.lamina.s3.StoredObject;
import dev.lamina.s3.Versioning;
import java.io.IOException;
import java.util.List;
import org.w3c.dom.Element;

/** Put and GetBucketVersioning, and ListObjectVersions. */
final class VersionsApi {
    private static final int MAX_KEYS = 1000;

    private final ObjectStore store;
    private final Versioning versioning;
    private final String account;

    VersionsApi(ObjectStore store, Versioning versioning, String account) {
        this.store = store;
        this.versioning = versioning;
        this.account = account;
    }

    Versioning versioning() {
        return versioning;
    }

    HttpResponse status(String bucket) {
        Bucket found = store.bucket(bucket);
        return Xml.document("VersioningConfiguration")
                .optional("Status", found.versioning().isEmpty() ? null : found.versioning())
                .response();
    }

    HttpResponse setStatus(HttpRequest request, String bucket) throws IOException {
        Element root = XmlInput.parse(Bodies.small(request));
        if (!XmlInput.localName(root).equals("VersioningConfiguration")) {
            throw S3Errors.malformedXml();
        }
        versioning.setStatus(bucket, XmlInput.text(root, "Status"));
        return HttpResponse.empty(200);
    }

    HttpResponse list(HttpRequest request, String bucket) {
        String prefix = orEmpty(request.queryParam("prefix"));
        String keyMarker = orEmpty(request.queryParam("key-marker"));
        String versionMarker = orEmpty(request.queryParam("version-id-marker"));
        int max = BucketApi.maxKeys(request.queryParam("max-keys"), MAX_KEYS);
        List<Versioning.Entry> entries = versioning.list(bucket, prefix, keyMarker, versionMarker, max);
        boolean truncated = entries.size() > max;
        List<Versioning.Entry> page = truncated ? entries.subList(0, max) : entries;
        Xml xml = Xml.document("ListVersionsResult")
                .element("Name", bucket)
                .element("Prefix", prefix)
                .element("KeyMarker", keyMarker)
                .element("VersionIdMarker", versionMarker)
                .element("MaxKeys", max)
                .element("IsTruncated", Boolean.toString(truncated));
        if (truncated && !page.isEmpty()) {
            StoredObject last = page.getLast().object();
            xml.element("NextKeyMarker", last.key()).element("NextVersionIdMarker", last.version());
        }
        for (Versioning.Entry entry : page) {
            StoredObject object = entry.object();
            String element = entry.deleteMarker() ? "DeleteMarker" : "Version";
            xml.open(element)
                    .element("Key", object.key())
                    .element("VersionId", object.version())
                    .element("IsLatest", Boolean.toString(entry.latest()))
                    .element("LastModified", Xml.time(object.lastModified()));
            if (!entry.deleteMarker()) {
                xml.element("ETag", object.quotedEtag())
                        .element("Size", object.size())
                        .element("StorageClass", "STANDARD");
            }
            xml.open("Owner")
                    .element("ID", account)
                    .element("DisplayName", "lamina")
                    .close("Owner")
                    .close(element);
        }
        return xml.response();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
