package dev.lamina.spi.lambda;

import java.util.Locale;

/** What triggered an invocation, in OpenTelemetry's words for FaaS ({@code faas.trigger}). */
public enum InvocationTrigger {
    /** A change in a data source: a DynamoDB stream, an S3 notification. */
    DATASOURCE,
    /** An HTTP request: a function URL, an API Gateway route. */
    HTTP,
    /** Messages in a messaging system: an SQS queue, a Kinesis stream. */
    PUBSUB,
    /** A schedule. */
    TIMER,
    /** Anything else. */
    OTHER;

    /** The semantic conventions' value: {@code datasource}, {@code http}, {@code pubsub}, {@code timer}, {@code other}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
