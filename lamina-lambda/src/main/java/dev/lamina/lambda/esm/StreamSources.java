package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.spi.dynamodb.TableStreams;
import dev.lamina.spi.kinesis.DataStreams;

/**
 * The streams a mapping may read, told apart by their ARN: Kinesis data streams, through the Kinesis
 * module's {@link DataStreams}, and DynamoDB table streams, through the DynamoDB module's {@link
 * TableStreams}; each is attached by the node once its module is built. Each kind becomes the same
 * {@link ShardSource} for the {@link StreamPoller}. Answers Lambda's errors for a stream it cannot
 * find.
 */
final class StreamSources {
    private static final String KINESIS = "arn:aws:kinesis:";
    private static final String DYNAMODB = "arn:aws:dynamodb:";

    private final ObjectMapper json;
    private volatile DataStreams kinesis;
    private volatile TableStreams dynamodb;

    StreamSources(ObjectMapper json) {
        this.json = json;
    }

    void attach(DataStreams streams) {
        this.kinesis = streams;
    }

    void attach(TableStreams streams) {
        this.dynamodb = streams;
    }

    /** Whether {@code arn} names a stream (of either kind), not a queue. */
    static boolean isStream(String arn) {
        return arn.startsWith(KINESIS) || arn.startsWith(DYNAMODB);
    }

    /** Whether {@code arn} names a DynamoDB table's stream. */
    static boolean isTableStream(String arn) {
        return arn.startsWith(DYNAMODB);
    }

    /**
     * The stream's ARN as its service has it; Lambda's InvalidParameterValueException when there is
     * no such stream (or its service is not on this node).
     */
    String find(String arn) {
        if (arn.startsWith(KINESIS) && kinesis != null) {
            return kinesis.stream(arn).map(DataStreams.StreamRef::arn).orElseThrow(() -> notFound(arn));
        }
        if (arn.startsWith(DYNAMODB) && dynamodb != null) {
            return dynamodb.stream(arn).map(TableStreams.Stream::arn).orElseThrow(() -> notFound(arn));
        }
        throw LambdaErrors.invalidParameter("Unrecognized event source.");
    }

    /**
     * The shards of the mapping's stream, or {@code null} while its service is not attached.
     *
     * @param invokeIdentityArn the function's role, which Kinesis event records name
     */
    ShardSource source(EventSourceMapping mapping, String region, String invokeIdentityArn, String functionArn) {
        String arn = mapping.eventSourceArn();
        DataStreams k = kinesis;
        TableStreams d = dynamodb;
        if (isTableStream(arn)) {
            return d == null ? null : new DynamoDbShards(d, json, arn, functionArn);
        }
        return k == null ? null : new KinesisShards(k, json, arn, region, invokeIdentityArn, functionArn);
    }

    private static RuntimeException notFound(String arn) {
        return LambdaErrors.invalidParameter("Stream not found: " + arn);
    }
}
