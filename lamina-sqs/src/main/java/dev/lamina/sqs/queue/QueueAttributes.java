package dev.lamina.sqs.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The attributes a queue is created or changed with, checked against SQS's limits: the settable ones
 * with their ranges and defaults, the read-only ones {@code GetQueueAttributes} also names. Pure.
 *
 * <p>Example: creating with {@code {"VisibilityTimeout": "60"}} gives the defaults with
 * {@code VisibilityTimeout} 60; {@code {"VisibilityTimeout": "43201"}} is an
 * {@code InvalidAttributeValue}; {@code {"Visibility": "1"}} an {@code InvalidAttributeName}.
 */
public final class QueueAttributes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QueueAttributes() {}

    /** An integer attribute's range and default. */
    private record Range(long min, long max, long fallback) {}

    private static final Map<String, Range> NUMBERS = Map.of(
            "DelaySeconds", new Range(0, 900, 0),
            "MaximumMessageSize", new Range(1024, 1_048_576, 1_048_576),
            "MessageRetentionPeriod", new Range(60, 1_209_600, 345_600),
            "ReceiveMessageWaitTimeSeconds", new Range(0, 20, 0),
            "VisibilityTimeout", new Range(0, 43_200, 30),
            "KmsDataKeyReusePeriodSeconds", new Range(60, 86_400, 300));

    /** Settable attributes that hold text (policies are JSON documents, checked by their owners). */
    private static final Set<String> TEXTS =
            Set.of("Policy", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId", "SqsManagedSseEnabled");

    /** What only a FIFO queue may set. */
    private static final Set<String> FIFO_ONLY =
            Set.of("FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit");

    /** What {@code GetQueueAttributes} reports beside the settable attributes. */
    public static final Set<String> READ_ONLY = Set.of(
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed",
            "CreatedTimestamp",
            "LastModifiedTimestamp",
            "QueueArn");

    /** The attributes every new queue has: a FIFO queue's ({@code fifo}) or a standard one's. */
    public static Map<String, String> defaults(boolean fifo) {
        Map<String, String> out = new TreeMap<>();
        NUMBERS.forEach((name, range) -> {
            if (!name.startsWith("Kms")) {
                out.put(name, Long.toString(range.fallback()));
            }
        });
        out.put("SqsManagedSseEnabled", "true");
        if (fifo) {
            out.put("FifoQueue", "true");
            out.put("ContentBasedDeduplication", "false");
            out.put("DeduplicationScope", "queue");
            out.put("FifoThroughputLimit", "perQueue");
        }
        return out;
    }

    /** The values a FIFO queue's own attributes may take. */
    private static final Map<String, Set<String>> FIFO_VALUES = Map.of(
            "FifoQueue", Set.of("true", "false"),
            "ContentBasedDeduplication", Set.of("true", "false"),
            "DeduplicationScope", Set.of("messageGroup", "queue"),
            "FifoThroughputLimit", Set.of("perQueue", "perMessageGroupId"));

    /** Whether {@code name} is an attribute a queue may have (settable or read-only). */
    public static boolean known(String name) {
        return NUMBERS.containsKey(name)
                || TEXTS.contains(name)
                || FIFO_ONLY.contains(name)
                || READ_ONLY.contains(name);
    }

    /**
     * Checks {@code requested} (attributes to create with or to set, on a FIFO queue when
     * {@code fifo}) and returns them in the form the
     * queue keeps: numbers as plain decimals, {@code RedrivePolicy} normalised, an empty policy meaning
     * "remove it" kept as {@code ""}. Throws {@code InvalidAttributeName} for an attribute SQS does not
     * have or that cannot be set, {@code InvalidAttributeValue} for a value out of range.
     */
    public static Map<String, String> check(Map<String, String> requested, boolean fifo) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : requested.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            Range range = NUMBERS.get(name);
            if (range != null) {
                out.put(name, Long.toString(number(name, value, range)));
            } else if (name.equals("RedrivePolicy")) {
                out.put(name, value.isEmpty() ? "" : RedrivePolicy.parse(value).toJson());
            } else if (name.equals("RedriveAllowPolicy")) {
                if (!value.isEmpty()) {
                    RedriveAllowPolicy.parse(value);
                }
                out.put(name, value);
            } else if (name.equals("SqsManagedSseEnabled")) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw SqsErrors.invalidAttributeValue(name, "must be true or false.");
                }
                out.put(name, value);
            } else if (TEXTS.contains(name)) {
                out.put(name, value);
            } else if (FIFO_ONLY.contains(name)) {
                if (!FIFO_VALUES.get(name).contains(value)) {
                    throw SqsErrors.invalidAttributeValue(name, "must be one of " + FIFO_VALUES.get(name) + ".");
                }
                if (name.equals("FifoQueue") ? !value.equals(Boolean.toString(fifo)) : !fifo) {
                    throw SqsErrors.invalidAttributeValue(
                            name, "only a FIFO queue, whose name ends in .fifo, has it (FifoQueue=true).");
                }
                out.put(name, value);
            } else {
                throw SqsErrors.invalidAttributeName(name);
            }
        }
        return out;
    }

    /**
     * {@code current} with {@code changes} applied (as {@link #check} returns them): an empty value
     * removes a text attribute, as an empty {@code RedrivePolicy} removes the dead-letter queue.
     */
    public static Map<String, String> apply(Map<String, String> current, Map<String, String> changes) {
        Map<String, String> out = new TreeMap<>(current);
        changes.forEach((name, value) -> {
            if (value.isEmpty()) {
                out.remove(name);
            } else {
                out.put(name, value);
            }
        });
        return out;
    }

    /** A policy attribute's JSON object; throws {@code InvalidAttributeValue} when it is not one. */
    static JsonNode jsonObject(String name, String json) {
        JsonNode doc;
        try {
            doc = JSON.readTree(json);
        } catch (IOException e) {
            throw SqsErrors.invalidAttributeValue(name, "it is not JSON.");
        }
        if (doc == null || !doc.isObject()) {
            throw SqsErrors.invalidAttributeValue(name, "it is not a JSON object.");
        }
        return doc;
    }

    private static long number(String name, String value, Range range) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw SqsErrors.invalidAttributeValue(name, "must be an integer.");
        }
        if (n < range.min() || n > range.max()) {
            throw SqsErrors.invalidAttributeValue(
                    name, "must be between " + range.min() + " and " + range.max() + ", not " + n + ".");
        }
        return n;
    }
}
