package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import java.time.Instant;
import java.util.List;

/**
 * What Lambda checks of a stream mapping before it takes it, with Lambda's messages, and the
 * settings it gets with AWS's defaults for what was not given. Pure.
 */
public final class StreamRules {
    private static final List<String> POSITIONS =
            List.of(StreamSettings.LATEST, StreamSettings.AT_TIMESTAMP, StreamSettings.TRIM_HORIZON);

    private StreamRules() {}

    /**
     * What a request says of a stream mapping; {@code null} for what it does not say.
     *
     * @param onFailure {@code DestinationConfig.OnFailure.Destination}; {@code ""} clears it on update
     */
    public record Options(
            String startingPosition,
            Instant startingPositionTimestamp,
            Integer parallelizationFactor,
            Integer maximumRetryAttempts,
            Integer maximumRecordAgeSeconds,
            Boolean bisectOnError,
            String onFailure,
            Integer tumblingWindowSeconds) {}

    /** A new mapping's settings: the request's, or AWS's defaults. */
    static StreamSettings create(Options o) {
        if (o.startingPosition() == null) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value null at 'startingPosition' failed"
                    + " to satisfy constraint: Member must not be null.");
        }
        if (!POSITIONS.contains(o.startingPosition())) {
            throw AwsException.validation("1 validation error detected: Value '" + o.startingPosition()
                    + "' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: "
                    + POSITIONS);
        }
        boolean atTimestamp = o.startingPosition().equals(StreamSettings.AT_TIMESTAMP);
        if (atTimestamp && o.startingPositionTimestamp() == null) {
            throw LambdaErrors.invalidParameter(
                    "StartingPositionTimestamp must be provided for the AT_TIMESTAMP starting position.");
        }
        if (!atTimestamp && o.startingPositionTimestamp() != null) {
            throw LambdaErrors.invalidParameter(
                    "StartingPositionTimestamp can only be provided for the AT_TIMESTAMP starting position.");
        }
        return update(
                new StreamSettings(o.startingPosition(), o.startingPositionTimestamp(), 1, -1, -1, false, null, 0),
                new Options(
                        null,
                        null,
                        o.parallelizationFactor(),
                        o.maximumRetryAttempts(),
                        o.maximumRecordAgeSeconds(),
                        o.bisectOnError(),
                        o.onFailure(),
                        o.tumblingWindowSeconds()));
    }

    /** The settings after an update; where a mapping starts cannot change. */
    static StreamSettings update(StreamSettings current, Options o) {
        if (o.startingPosition() != null || o.startingPositionTimestamp() != null) {
            throw LambdaErrors.invalidParameter("StartingPosition cannot be updated.");
        }
        int factor = range(o.parallelizationFactor(), current.parallelizationFactor(), 1, 10, "parallelizationFactor");
        int retries =
                range(o.maximumRetryAttempts(), current.maximumRetryAttempts(), -1, 10_000, "maximumRetryAttempts");
        int age = range(
                o.maximumRecordAgeSeconds(),
                current.maximumRecordAgeSeconds(),
                -1,
                604_800,
                "maximumRecordAgeInSeconds");
        if (age >= 0 && age < 60) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + age
                    + "' at 'maximumRecordAgeInSeconds' failed to satisfy constraint: Member must have value greater"
                    + " than or equal to 60");
        }
        int window =
                range(o.tumblingWindowSeconds(), current.tumblingWindowSeconds(), 0, 900, "tumblingWindowInSeconds");
        String onFailure = o.onFailure() == null ? current.onFailure() : o.onFailure();
        if (onFailure != null && onFailure.isEmpty()) {
            onFailure = null;
        }
        if (onFailure != null && !onFailure.startsWith("arn:aws:sqs:")) {
            throw LambdaErrors.invalidParameter("The provided destination config DestinationConfig(onSuccess=null,"
                    + " onFailure=OnFailure(destination=" + onFailure + ")) is invalid.");
        }
        return new StreamSettings(
                current.startingPosition(),
                current.startingPositionTimestamp(),
                factor,
                retries,
                age,
                o.bisectOnError() != null ? o.bisectOnError() : current.bisectOnError(),
                onFailure,
                window);
    }

    /** Refuses what a DynamoDB table stream's mapping cannot take: AT_TIMESTAMP (only Kinesis has it). */
    static void checkTableStream(String arn, StreamSettings settings) {
        if (settings.startingPosition().equals(StreamSettings.AT_TIMESTAMP)) {
            throw LambdaErrors.invalidParameter("Unsupported starting position for arn type: " + arn);
        }
    }

    /** Refuses what only a stream's mapping takes, for a source that is not a stream ({@code arn}). */
    static void refuseForQueue(String arn, Options o) {
        if (o.startingPosition() != null || o.startingPositionTimestamp() != null) {
            throw LambdaErrors.invalidParameter("Unsupported starting position for arn type: " + arn);
        }
        String given = o.onFailure() != null
                ? "DestinationConfig"
                : o.parallelizationFactor() != null
                        ? "ParallelizationFactor"
                        : o.maximumRetryAttempts() != null
                                ? "MaximumRetryAttempts"
                                : o.maximumRecordAgeSeconds() != null
                                        ? "MaximumRecordAgeInSeconds"
                                        : o.bisectOnError() != null
                                                ? "BisectBatchOnFunctionError"
                                                : o.tumblingWindowSeconds() != null ? "TumblingWindowInSeconds" : null;
        if (given != null) {
            throw LambdaErrors.invalidParameter(
                    "Unsupported " + given + " parameter for given event source mapping type.");
        }
    }

    /** Throws Lambda's error for the first rule the mapping breaks (the checks every source shares). */
    static void check(EventSourceMapping mapping, ObjectMapper json) {
        MappingRules.checkCommon(mapping, json);
        if (mapping.maximumConcurrency() != null) {
            throw LambdaErrors.invalidParameter(
                    "Unsupported MaximumConcurrency parameter for given event source" + " mapping type.");
        }
    }

    private static int range(Integer given, int current, int min, int max, String member) {
        int v = given != null ? given : current;
        if (v < min || v > max) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + v + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value "
                    + (v < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        return v;
    }
}
