package dev.lamina.kinesis.stream;

import dev.lamina.core.AwsException;
import java.time.Duration;
import java.time.Instant;

/**
 * Kinesis's errors, under the names of their shapes in its model (what {@code __type} says and the
 * SDKs' exception classes are named after), with the messages Kinesis writes.
 */
public final class KinesisErrors {
    private KinesisErrors() {}

    public static AwsException streamNotFound(String stream, String account) {
        return new AwsException(
                400, "ResourceNotFoundException", "Stream " + stream + " under account " + account + " not found.");
    }

    public static AwsException streamExists(String stream, String account) {
        return new AwsException(
                400, "ResourceInUseException", "Stream " + stream + " under account " + account + " already exists.");
    }

    public static AwsException shardNotFound(String shardId, String stream, String account) {
        return new AwsException(
                400,
                "ResourceNotFoundException",
                "Shard " + shardId + " in stream " + stream + " under account " + account + " does not exist");
    }

    public static AwsException expiredIterator(Instant issued, Instant now, Duration validity) {
        return new AwsException(
                400,
                "ExpiredIteratorException",
                "Iterator expired. The iterator was created at time " + issued + " while right now it is " + now
                        + " which is further in the future than the tolerated delay of " + validity.toMillis()
                        + " milliseconds.");
    }

    public static AwsException inUse(String message) {
        return new AwsException(400, "ResourceInUseException", message);
    }

    public static AwsException invalidArgument(String message) {
        return new AwsException(400, "InvalidArgumentException", message);
    }

    public static AwsException limitExceeded(String message) {
        return new AwsException(400, "LimitExceededException", message);
    }

    /**
     * A member that breaks its model's constraint, worded as Kinesis (like every Coral service) words it:
     * {@code 1 validation error detected: Value '0' at 'shardCount' failed to satisfy constraint: Member
     * must have value greater than or equal to 1}.
     */
    public static AwsException validation(Object value, String member, String constraint) {
        return new AwsException(
                400,
                "ValidationException",
                "1 validation error detected: Value " + (value == null ? "null" : "'" + value + "'") + " at '" + member
                        + "' failed to satisfy constraint: Member " + constraint);
    }
}
