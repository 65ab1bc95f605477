package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.spi.lambda.InvocationResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The record a stream mapping's discarded batch leaves at its OnFailure destination, as Lambda writes
 * it for every kind of stream: the invocation ({@code requestContext}, {@code responseContext}), and
 * the batch under the stream kind's own name ({@code KinesisBatchInfo}, {@code DDBStreamBatchInfo}).
 * Pure.
 */
final class StreamFailures {
    /** Times in the failure record: ISO 8601 with milliseconds, as Lambda writes them. */
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private StreamFailures() {}

    /**
     * Where a batch came from and who it was for.
     *
     * @param batchInfo the member that describes the batch: {@code KinesisBatchInfo} or {@code
     *     DDBStreamBatchInfo}
     */
    record Origin(String batchInfo, String streamArn, String shardId, String functionArn) {}

    /**
     * The record of a discarded {@code batch}.
     *
     * @param invokeCount how many times the batch's function was invoked
     * @param last how its last invocation ended, or {@code null} when none ran
     */
    static String record(
            ObjectMapper json,
            Origin origin,
            List<StreamItem> batch,
            String condition,
            int invokeCount,
            InvocationResult last,
            Instant now) {
        ObjectNode o = json.createObjectNode();
        ObjectNode request = o.putObject("requestContext");
        request.put("requestId", last == null ? null : last.requestId());
        request.put("functionArn", origin.functionArn());
        request.put("condition", condition);
        request.put("approximateInvokeCount", invokeCount);
        ObjectNode response = o.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", last == null ? "$LATEST" : last.executedVersion());
        response.put("functionError", last == null ? null : last.functionError());
        o.put("version", "1.0");
        o.put("timestamp", MILLIS.format(now));
        ObjectNode info = o.putObject(origin.batchInfo());
        info.put("shardId", origin.shardId());
        info.put("startSequenceNumber", batch.getFirst().sequenceNumber());
        info.put("endSequenceNumber", batch.getLast().sequenceNumber());
        info.put(
                "approximateArrivalOfFirstRecord",
                MILLIS.format(batch.getFirst().arrival()));
        info.put("approximateArrivalOfLastRecord", MILLIS.format(batch.getLast().arrival()));
        info.put("batchSize", batch.size());
        info.put("streamArn", origin.streamArn());
        return o.toString();
    }
}
