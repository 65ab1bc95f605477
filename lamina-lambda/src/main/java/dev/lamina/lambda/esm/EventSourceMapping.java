package dev.lamina.lambda.esm;

import java.time.Instant;
import java.util.List;

/**
 * One event source mapping: a queue, stream or Kafka topic whose records a function receives in batches.
 *
 * @param uuid its id, as Lambda makes them
 * @param function the function's name
 * @param qualifier the version or alias it invokes, or {@code null} for {@code $LATEST}
 * @param batchSize at most this many records per invocation
 * @param batchingWindowSeconds how long to gather records before invoking with fewer than a batch
 * @param functionResponseTypes {@code ReportBatchItemFailures} or nothing
 * @param filters the filter patterns (JSON), none when empty: a record matching none is dropped
 * @param maximumConcurrency how many invocations the source may have running at once, or {@code null}
 * @param state where the mapping is in its life
 * @param lastModified when it last changed
 * @param lastProcessingResult Lambda's words for how the last batch went
 * @param stream what a stream's mapping adds, {@code null} for a queue's
 * @param kafka what a Kafka cluster's mapping adds, {@code null} for others'; such a mapping has no
 *     {@code eventSourceArn}
 */
public record EventSourceMapping(
        String uuid,
        String eventSourceArn,
        String function,
        String qualifier,
        int batchSize,
        int batchingWindowSeconds,
        List<String> functionResponseTypes,
        List<String> filters,
        Integer maximumConcurrency,
        MappingState state,
        String stateTransitionReason,
        Instant lastModified,
        String lastProcessingResult,
        StreamSettings stream,
        KafkaSettings kafka) {
    public static final String REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures";

    public EventSourceMapping {
        functionResponseTypes = List.copyOf(functionResponseTypes);
        filters = List.copyOf(filters);
    }

    /** Whether its source is a stream, read by shard from a checkpoint. */
    public boolean isStream() {
        return stream != null;
    }

    /** Whether its source is a self-managed Apache Kafka cluster's topic. */
    public boolean isKafka() {
        return kafka != null;
    }

    public boolean reportsItemFailures() {
        return functionResponseTypes.contains(REPORT_BATCH_ITEM_FAILURES);
    }

    /** This mapping in {@code next}, changed at {@code now}. */
    public EventSourceMapping in(MappingState next, String reason, Instant now) {
        return with(next, reason, now, lastProcessingResult);
    }

    /** This mapping after a batch ended with {@code result}. */
    public EventSourceMapping processed(String result) {
        return with(state, stateTransitionReason, lastModified, result);
    }

    private EventSourceMapping with(MappingState state, String reason, Instant modified, String result) {
        return new EventSourceMapping(
                uuid,
                eventSourceArn,
                function,
                qualifier,
                batchSize,
                batchingWindowSeconds,
                functionResponseTypes,
                filters,
                maximumConcurrency,
                state,
                reason,
                modified,
                result,
                stream,
                kafka);
    }
}
