package dev.lamina.cloudformation.resource;

import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.core.AwsException;
import java.util.Map;

/**
 * {@code AWS::S3::Bucket} through S3's CreateBucket and DeleteBucket (which, as on AWS, refuses a
 * bucket that still holds objects). Ref is the bucket's name; attributes {@code Arn},
 * {@code DomainName}, {@code RegionalDomainName}. Every change needs a new bucket.
 */
final class BucketProvider implements ResourceProvider {
    private final ServiceCalls calls;

    BucketProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        String name = calls.name(request, "BucketName", 63, true);
        calls.rest("s3", "PUT", "/" + name, null);
        return new Made(
                name,
                Map.of(
                        "Arn", "arn:aws:s3:::" + name,
                        "DomainName", name + ".s3.amazonaws.com",
                        "RegionalDomainName", name + ".s3." + calls.region() + ".amazonaws.com"));
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        try {
            calls.rest("s3", "DELETE", "/" + resource.physicalId(), null);
        } catch (AwsException e) {
            if (!e.code().equals("NoSuchBucket")) {
                throw e;
            }
        }
    }
}
