package dev.lamina.spi.s3;

/**
 * What the object store offers the other services, and all it offers them: an object's bytes, as
 * Lambda reads a package from {@code Code.S3Bucket}/{@code S3Key}/{@code S3ObjectVersion}.
 */
public interface ObjectSource {
    /**
     * The whole content of an object (of {@code version}, or the current one when {@code null}).
     *
     * @throws dev.lamina.core.AwsException S3's {@code NoSuchBucket}, {@code NoSuchKey} or {@code
     *     NoSuchVersion}, with S3's message
     */
    byte[] read(String bucket, String key, String version);
}
