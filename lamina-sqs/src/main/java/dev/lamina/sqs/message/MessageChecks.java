package dev.lamina.sqs.message;

import dev.lamina.core.AwsException;
import dev.lamina.sqs.queue.SqsErrors;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SQS's rules for what is sent and how batches are formed, as pure checks that throw SQS's errors.
 * A batch's own errors ({@link #batch}) fail the whole request; a message's ({@link #send}) fail only
 * its entry.
 */
final class MessageChecks {
    private MessageChecks() {}

    /** The most entries a batch holds. */
    static final int MAX_ENTRIES = 10;

    /** The most bytes a batch's messages add up to (their bodies and attributes). */
    static final int MAX_BATCH_BYTES = 262_144;

    private static final int MAX_ATTRIBUTES = 10;
    private static final Pattern ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    /**
     * Checks one message for a queue whose messages may be {@code maxSize} bytes; returns its size.
     * Throws {@code MissingParameter}, {@code InvalidMessageContents} or {@code InvalidParameterValue}.
     */
    static int send(SendRequest request, int maxSize) {
        if (request.body() == null || request.body().isEmpty()) {
            throw SqsErrors.missingParameter("MessageBody");
        }
        checkCharacters(request.body());
        Integer delay = request.delaySeconds();
        if (delay != null && (delay < 0 || delay > 900)) {
            throw SqsErrors.invalidParameter("Value " + delay
                    + " for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.");
        }
        if (request.attributes().size() > MAX_ATTRIBUTES) {
            throw SqsErrors.invalidParameter("Number of message attributes ["
                    + request.attributes().size() + "] exceeds the allowed maximum [" + MAX_ATTRIBUTES + "].");
        }
        int size = request.body().getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, MessageAttributeValue> e : request.attributes().entrySet()) {
            e.getValue().check(e.getKey());
            size += e.getValue().size(e.getKey());
        }
        for (Map.Entry<String, MessageAttributeValue> e :
                request.systemAttributes().entrySet()) {
            if (!e.getKey().equals("AWSTraceHeader")) {
                throw SqsErrors.invalidParameter("Message system attribute name '" + e.getKey() + "' is invalid.");
            }
            if (!e.getValue().dataType().equals("String")
                    || e.getValue().stringValue() == null
                    || e.getValue().stringValue().isEmpty()) {
                throw SqsErrors.invalidParameter("Message system attribute AWSTraceHeader must be a non-empty String.");
            }
        }
        if (size > maxSize) {
            throw SqsErrors.invalidParameter(
                    "One or more parameters are invalid. Reason: Message must be shorter than " + maxSize + " bytes.");
        }
        return size;
    }

    /**
     * Checks a batch's shape: 1 to 10 entries, each id well-formed and unique. Throws
     * {@code EmptyBatchRequest}, {@code TooManyEntriesInBatchRequest}, {@code InvalidBatchEntryId} or
     * {@code BatchEntryIdsNotDistinct}.
     */
    static void batch(List<? extends Batch.Entry<?>> entries) {
        if (entries.isEmpty()) {
            throw new AwsException(
                    400, "EmptyBatchRequest", "There should be at least one batch request entry in the request.");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new AwsException(
                    400,
                    "TooManyEntriesInBatchRequest",
                    "Maximum number of entries per request are " + MAX_ENTRIES + ". You have sent " + entries.size()
                            + ".");
        }
        Set<String> ids = new HashSet<>();
        for (Batch.Entry<?> entry : entries) {
            if (entry.id() == null || !ENTRY_ID.matcher(entry.id()).matches()) {
                throw new AwsException(
                        400,
                        "InvalidBatchEntryId",
                        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can"
                                + " be at most 80 letters long.");
            }
            if (!ids.add(entry.id())) {
                throw new AwsException(400, "BatchEntryIdsNotDistinct", "Id " + entry.id() + " repeated.");
            }
        }
    }

    /** Throws {@code BatchRequestTooLong} when a batch's messages add up to more than SQS takes. */
    static void batchSize(int bytes) {
        if (bytes > MAX_BATCH_BYTES) {
            throw new AwsException(
                    400,
                    "BatchRequestTooLong",
                    "Batch requests cannot be longer than " + MAX_BATCH_BYTES + " bytes. You have sent " + bytes
                            + " bytes.");
        }
    }

    /** SQS takes the characters XML allows: #x9, #xA, #xD, #x20 to #xD7FF, #xE000 to #xFFFD, #x10000 to #x10FFFF. */
    private static void checkCharacters(String body) {
        for (int i = 0; i < body.length(); ) {
            int c = body.codePointAt(i);
            boolean allowed = c == 0x9
                    || c == 0xA
                    || c == 0xD
                    || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF);
            if (!allowed) {
                throw new AwsException(
                        400,
                        "InvalidMessageContents",
                        "Invalid binary character '#x" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                                + "' was found in the message body, the set of allowed characters is #x9 | #xA | #xD |"
                                + " #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
            }
            i += Character.charCount(c);
        }
    }
}
