package dev.lamina.sqs.queue;

import dev.lamina.core.AwsException;
import java.util.Map;

/**
 * SQS's errors, thrown under the names of their shapes in SQS's model (what the JSON protocol's
 * {@code __type} says and the SDKs' exception classes are named after). The query protocol, and the
 * JSON protocol's {@code x-amzn-query-error} header, name some of them otherwise: {@link #QUERY_CODES}.
 */
public final class SqsErrors {
    private SqsErrors() {}

    /** The JSON protocol's code of a request its signer's role may not make (decision 38). */
    public static final String ACCESS_DENIED = "AccessDeniedException";

    /**
     * The query code of each error whose code differs from its shape's name, from the {@code error.code}
     * of SQS's model (2012-11-05); and {@code AccessDenied}, as SQS answers a denied request.
     */
    public static final Map<String, String> QUERY_CODES = Map.ofEntries(
            Map.entry(ACCESS_DENIED, "AccessDenied"),
            Map.entry("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"),
            Map.entry("QueueNameExists", "QueueAlreadyExists"),
            Map.entry("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"),
            Map.entry("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong"),
            Map.entry("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest"),
            Map.entry("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId"),
            Map.entry("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight"),
            Map.entry("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress"),
            Map.entry("QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently"),
            Map.entry("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"),
            Map.entry("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation"));

    public static AwsException queueDoesNotExist() {
        return new AwsException(400, "QueueDoesNotExist", "The specified queue does not exist.");
    }

    public static AwsException invalidParameter(String message) {
        return new AwsException(400, "InvalidParameterValue", message);
    }

    public static AwsException missingParameter(String name) {
        return new AwsException(400, "MissingParameter", "The request must contain the parameter " + name + ".");
    }

    public static AwsException invalidAttributeName(String name) {
        return new AwsException(400, "InvalidAttributeName", "Unknown Attribute " + name + ".");
    }

    public static AwsException invalidAttributeValue(String name, String reason) {
        return new AwsException(
                400, "InvalidAttributeValue", "Invalid value for the parameter " + name + ". Reason: " + reason);
    }

    public static AwsException receiptHandleIsInvalid(String handle) {
        return new AwsException(
                400,
                "ReceiptHandleIsInvalid",
                "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
    }

    public static AwsException unsupported(String message) {
        return new AwsException(400, "UnsupportedOperation", message);
    }
}
