package dev.lamina.s3.api;

import dev.lamina.core.AwsException;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import dev.lamina.edge.protocol.RestXml;
import dev.lamina.s3.Multipart;
import dev.lamina.s3.ObjectStore;
import dev.lamina.s3.Versioning;
import dev.lamina.s3.notify.Notifications;
import java.util.Map;

/**
 * S3's API (2006-03-01, rest-xml) on the edge: requests signed for {@code s3}, addressed path-style or
 * virtual-host-style ({@link Address}), each sent to the bucket or object operation its method,
 * address and query name. Every {@code PUT} streams its body (an upload of any size goes to disk as it
 * arrives; the few {@code PUT}s with an XML body read it, bounded); the rest are read whole.
 */
public final class S3Api {
    private final BucketApi buckets;
    private final ObjectApi objects;

    public S3Api(
            ObjectStore store,
            Multipart multipart,
            Versioning versioning,
            Notifications notifications,
            String account) {
        MultipartApi uploads = new MultipartApi(store, multipart, versioning, account);
        this.buckets = new BucketApi(
                store,
                uploads,
                new VersionsApi(store, versioning, account),
                new NotificationsApi(notifications),
                account);
        this.objects = new ObjectApi(store, uploads, versioning);
    }

    /** The API on the edge, found by the signing name {@code s3}. */
    public EdgeService service() {
        Router router = new Router();
        for (String template : new String[] {"/{Bucket}", "/{Bucket}/{Key+}"}) {
            for (String method : new String[] {"GET", "HEAD", "DELETE", "POST"}) {
                router.add(method, template, this::handle);
            }
            router.addStreaming("PUT", template, this::handle);
        }
        // the root (ListBuckets; a virtual host's bucket) as the fallback, so that S3 claims no path
        // by which the edge would send it unsigned requests meant for no service
        router.fallback(this::handle);
        return new EdgeService.RestApi("s3", "s3", RestXml.S3, router, true, S3Access.RULES);
    }

    private HttpResponse handle(HttpRequest request, Map<String, String> ignored) throws Exception {
        Address address = Address.of(request.header("host"), request.rawPath());
        if (address.bucket() == null) {
            if (request.method().equals("GET")) {
                return buckets.listBuckets();
            }
            throw notImplemented(request);
        }
        HttpResponse response = address.key() == null
                ? buckets.handle(request, address.bucket())
                : objects.handle(request, address.bucket(), address.key());
        return response != null ? response : fail(notImplemented(request));
    }

    private static HttpResponse fail(AwsException e) {
        throw e;
    }

    /** S3's answer to an operation this node does not offer. */
    static AwsException notImplemented(HttpRequest request) {
        return new AwsException(
                501,
                "NotImplemented",
                "A header or query you provided implies functionality that is not implemented: " + request.method()
                        + " " + request.rawPath() + (request.rawQuery() == null ? "" : "?" + request.rawQuery()));
    }
}
