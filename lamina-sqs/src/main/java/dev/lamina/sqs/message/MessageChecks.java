package dev.lamina.sqs.message;

import dev.lamina.core.AwsException;
import dev.lamina.sqs.queue.Queue;
import dev.lamina.sqs.queue.SqsErrors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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
    static final int MAX_BATCH_BYTES = 1_048_576;

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

    /** The characters of a message group id and a deduplication id: letters, digits and punctuation, 1 to 128. */
    private static final Pattern FIFO_ID =
            Pattern.compile("[A-Za-z0-9!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]{1,128}");

    /**
     * The key a FIFO queue deduplicates {@code request} by ({@code null} in a standard queue): its
     * deduplication id, or its body's SHA-256 when the queue deduplicates by content; within its
     * message group when the queue's scope is the message group. Throws {@code MissingParameter}
     * without a message group id, {@code InvalidParameterValue} for what a FIFO queue does not take.
     */
    static String deduplicationKey(SendRequest request, Queue queue) {
        if (!queue.fifo()) {
            if (request.deduplicationId() != null) {
                throw SqsErrors.invalidParameter("The request include parameter MessageDeduplicationId that is not"
                        + " valid for this queue type");
            }
            return null;
        }
        if (request.messageGroupId() == null || request.messageGroupId().isEmpty()) {
            throw SqsErrors.missingParameter("MessageGroupId");
        }
        if (!FIFO_ID.matcher(request.messageGroupId()).matches()) {
            throw SqsErrors.invalidParameter("Value " + request.messageGroupId() + " for parameter MessageGroupId is"
                    + " invalid. Reason: It is 1 to 128 letters, digits and punctuation.");
        }
        if (request.delaySeconds() != null && request.delaySeconds() != 0) {
            throw SqsErrors.invalidParameter("Value " + request.delaySeconds() + " for parameter DelaySeconds is"
                    + " invalid. Reason: The request include parameter that is not valid for this queue type.");
        }
        String id = request.deduplicationId();
        if (id == null) {
            if (!queue.contentBasedDeduplication()) {
                throw SqsErrors.invalidParameter("The queue should either have ContentBasedDeduplication enabled or"
                        + " MessageDeduplicationId provided explicitly");
            }
            id = sha256(request.body());
        } else if (!FIFO_ID.matcher(id).matches()) {
            throw SqsErrors.invalidParameter("Value " + id + " for parameter MessageDeduplicationId is invalid."
                    + " Reason: It is 1 to 128 letters, digits and punctuation.");
        }
        return queue.deduplicatesPerMessageGroup() ? request.messageGroupId() + "\n" + id : id;
    }

    private static String sha256(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
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
                        "Invalid binary character '#x" + Integer.toHexString(c).toUpperCase(Locale.ROOT)
                                + "' was found in the message body, the set of allowed characters is #x9 | #xA | #xD |"
                                + " #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
            }
            i += Character.charCount(c);
        }
    }
}
