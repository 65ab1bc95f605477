package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.core.AwsException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code AWS::S3::Bucket} through S3's CreateBucket, PutBucketNotificationConfiguration and
 * DeleteBucket (which, as on AWS, refuses a bucket that still holds objects). Ref is the bucket's name;
 * attributes {@code Arn}, {@code DomainName}, {@code RegionalDomainName}. The notification
 * configuration changes in place (S3 takes a configuration whole, and refuses one whose function does
 * not let {@code s3.amazonaws.com} invoke it); a new name needs a new bucket. A bucket whose
 * configuration is refused is deleted again before the error goes on. Properties the type has but the
 * node does not act on (encryption, versioning, ...) are accepted and left alone.
 */
final class BucketProvider implements ResourceProvider {
    private static final Set<String> PROPERTIES = Set.of(
            "AbacStatus",
            "AccelerateConfiguration",
            "AccessControl",
            "AnalyticsConfigurations",
            "BucketEncryption",
            "BucketName",
            "CorsConfiguration",
            "IntelligentTieringConfigurations",
            "InventoryConfigurations",
            "LifecycleConfiguration",
            "LoggingConfiguration",
            "MetadataConfiguration",
            "MetadataTableConfiguration",
            "MetricsConfigurations",
            "NotificationConfiguration",
            "ObjectLockConfiguration",
            "ObjectLockEnabled",
            "OwnershipControls",
            "PublicAccessBlockConfiguration",
            "ReplicationConfiguration",
            "Tags",
            "VersioningConfiguration",
            "WebsiteConfiguration");

    private final ServiceCalls calls;

    BucketProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        ResourceProvider.allowOnly(request, PROPERTIES);
        String name = calls.name(request, "BucketName", 63, true);
        // encoded: a name S3 would refuse (one with '/' or '?') must reach S3 as a name, not as a path or a query
        calls.rest("s3", "PUT", "/" + ServiceCalls.encode(name), null);
        JsonNode notifications = request.properties().get("NotificationConfiguration");
        if (notifications != null) {
            ResourceProvider.finishOrRemove(
                    () -> notify(name, notifications),
                    () -> calls.rest("s3", "DELETE", "/" + ServiceCalls.encode(name), null));
        }
        return new Made(
                name,
                Map.of(
                        "Arn", "arn:aws:s3:::" + name,
                        "DomainName", name + ".s3.amazonaws.com",
                        "RegionalDomainName", name + ".s3." + calls.region() + ".amazonaws.com"));
    }

    @Override
    public Made update(Request request, StackResource current) throws Exception {
        ResourceProvider.allowOnly(request, PROPERTIES);
        if (!Objects.equals(
                current.properties().get("BucketName"), request.properties().get("BucketName"))) {
            return null;
        }
        JsonNode before = current.properties().get("NotificationConfiguration");
        JsonNode after = request.properties().get("NotificationConfiguration");
        if (!Objects.equals(before, after)) {
            notify(current.physicalId(), after);
        }
        return new Made(current.physicalId(), current.attributes());
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        try {
            calls.rest("s3", "DELETE", "/" + ServiceCalls.encode(resource.physicalId()), null);
        } catch (AwsException e) {
            if (!e.code().equals("NoSuchBucket")) {
                throw e;
            }
        }
    }

    /** Puts {@code config} (or an empty configuration, for none) as the bucket's notification configuration. */
    private void notify(String bucket, JsonNode config) throws Exception {
        calls.restXml("s3", "PUT", "/" + ServiceCalls.encode(bucket) + "?notification", NotificationXml.of(config));
    }
}
