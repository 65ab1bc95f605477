package dev.lamina.dynamodb.stream;

import dev.lamina.core.AwsException;
import java.time.Instant;

/** DynamoDB Streams' errors (its model's ResourceNotFound, ExpiredIterator, TrimmedDataAccess, Validation). */
public final class StreamErrors {
    private StreamErrors() {}

    public static AwsException noStream(String arn) {
        return new AwsException(
                400, "ResourceNotFoundException", "Requested resource not found: Stream: " + arn + " not found");
    }

    public static AwsException noShard(String arn, String shard) {
        return new AwsException(
                400,
                "ResourceNotFoundException",
                "Requested resource not found: Shard: " + shard + " in Stream: " + arn + " not found");
    }

    public static AwsException invalidIterator() {
        return AwsException.validation("Invalid ShardIterator");
    }

    public static AwsException expired(Instant issued, Instant now) {
        return new AwsException(
                400,
                "ExpiredIteratorException",
                "Iterator expired. The iterator was created at time " + issued + " while right now it is " + now
                        + " which is further in the future than the tolerated delay of "
                        + StreamIterator.VALIDITY.toMillis() + " milliseconds.");
    }

    public static AwsException trimmed() {
        return new AwsException(
                400,
                "TrimmedDataAccessException",
                "The operation attempted to read past the oldest stream record in a shard.");
    }
}
