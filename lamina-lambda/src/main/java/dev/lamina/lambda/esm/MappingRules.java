package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.spi.sqs.MessageQueues;

/** What Lambda checks of a mapping before it takes it, with Lambda's messages. Pure. */
final class MappingRules {
    private static final int MAX_FILTERS = 5;

    private MappingRules() {}

    /** Throws Lambda's error for the first rule an SQS {@code mapping} breaks, for this queue and function timeout. */
    static void check(
            EventSourceMapping mapping, MessageQueues.Queue queue, int functionTimeoutSeconds, ObjectMapper json) {
        checkCommon(mapping, json);
        int batch = mapping.batchSize();
        int window = mapping.batchingWindowSeconds();
        if (queue.fifo() && batch > 10) {
            throw LambdaErrors.invalidParameter("BatchSize must be less than or equal to 10 for FIFO queues.");
        }
        if (queue.fifo() && window > 0) {
            throw LambdaErrors.invalidParameter("Batching window is not supported for FIFO queues.");
        }
        if (batch > 10 && window == 0) {
            throw LambdaErrors.invalidParameter(
                    "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
        }
        long visibility = queue.visibilityTimeout().toSeconds();
        if (visibility < functionTimeoutSeconds) {
            throw LambdaErrors.invalidParameter("Queue visibility timeout: " + visibility
                    + " seconds is less than Function timeout: " + functionTimeoutSeconds + " seconds");
        }
        Integer concurrency = mapping.maximumConcurrency();
        if (concurrency != null && (concurrency < 2 || concurrency > 1000)) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + concurrency
                    + "' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value "
                    + (concurrency < 2 ? "greater than or equal to 2" : "less than or equal to 1000"));
        }
    }

    /** The checks every kind of source shares: batch size and window, response types, filters. */
    static void checkCommon(EventSourceMapping mapping, ObjectMapper json) {
        int batch = mapping.batchSize();
        int window = mapping.batchingWindowSeconds();
        if (batch < 1 || batch > 10_000) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + batch
                    + "' at 'batchSize' failed to satisfy constraint: Member must have value "
                    + (batch < 1 ? "greater than or equal to 1" : "less than or equal to 10000"));
        }
        if (window < 0 || window > 300) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + window
                    + "' at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value "
                    + (window < 0 ? "greater than or equal to 0" : "less than or equal to 300"));
        }
        for (String type : mapping.functionResponseTypes()) {
            if (!type.equals(EventSourceMapping.REPORT_BATCH_ITEM_FAILURES)) {
                throw LambdaErrors.invalidParameter("1 validation error detected: Value '[" + type
                        + "]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy"
                        + " constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]");
            }
        }
        if (mapping.filters().size() > MAX_FILTERS) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value at 'filterCriteria.filters'"
                    + " failed to satisfy constraint: Member must have length less than or equal to " + MAX_FILTERS);
        }
        for (String filter : mapping.filters()) {
            try {
                FilterPattern.parse(json, filter);
            } catch (IllegalArgumentException e) {
                throw LambdaErrors.invalidParameter("Invalid filter pattern definition.");
            }
        }
    }
}
