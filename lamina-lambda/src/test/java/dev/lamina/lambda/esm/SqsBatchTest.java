package dev.lamina.lambda.esm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.spi.lambda.InvocationResult;
import dev.lamina.spi.sqs.MessageQueues;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqsBatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:q";
    private static final List<String> IDS = List.of("m1", "m2");

    private static MessageQueues.Message message(String id, String body, Map<String, MessageQueues.Attribute> attrs) {
        return new MessageQueues.Message(
                id,
                "rh-" + id,
                body,
                "md5-" + id,
                attrs.isEmpty() ? null : "md5a-" + id,
                Map.of("ApproximateReceiveCount", "1"),
                attrs);
    }

    @Test
    void aRecordHasLambdasKeysInItsOrder() {
        ObjectNode r = SqsBatch.record(
                JSON,
                message("m1", "hi", Map.of("Title", new MessageQueues.Attribute("String", "T", null))),
                QUEUE,
                "us-east-1");
        assertEquals(
                List.of(
                        "messageId",
                        "receiptHandle",
                        "body",
                        "attributes",
                        "messageAttributes",
                        "md5OfMessageAttributes",
                        "md5OfBody",
                        "eventSource",
                        "eventSourceARN",
                        "awsRegion"),
                List.copyOf(r.properties().stream().map(Map.Entry::getKey).toList()));
        assertEquals(
                "{\"stringValue\":\"T\",\"stringListValues\":[],\"binaryListValues\":[],\"dataType\":\"String\"}",
                r.get("messageAttributes").get("Title").toString());
        assertEquals("aws:sqs", r.get("eventSource").asText());
        ObjectNode none = SqsBatch.record(JSON, message("m2", "{}", Map.of()), QUEUE, "us-east-1");
        assertEquals(true, none.get("md5OfMessageAttributes").isNull());
    }

    @Test
    void filtersSeeAJsonBodyAsAnObject() {
        ObjectNode r = SqsBatch.record(JSON, message("m1", "{\"k\": 1}", Map.of()), QUEUE, "us-east-1");
        assertEquals(1, SqsBatch.forFilters(JSON, r).get("body").get("k").asInt());
        assertEquals("{\"k\": 1}", r.get("body").asText(), "the function still gets the string");
        ObjectNode plain = SqsBatch.record(JSON, message("m2", "{not json", Map.of()), QUEUE, "us-east-1");
        assertEquals("{not json", SqsBatch.forFilters(JSON, plain).get("body").asText());
    }

    private static Set<String> failed(String answer, String functionError, boolean report) {
        return SqsBatch.failed(
                JSON,
                new InvocationResult("r", "$LATEST", answer.getBytes(StandardCharsets.UTF_8), functionError),
                IDS,
                report);
    }

    @Test
    void whatFailedFollowsLambdasSuccessAndFailureConditions() {
        Set<String> all = Set.copyOf(IDS);
        assertEquals(all, failed("{}", "Unhandled", true), "a function error fails the batch");
        assertEquals(all, failed("{}", "Unhandled", false));
        assertEquals(
                Set.of(),
                failed("{\"batchItemFailures\": [{\"itemIdentifier\": \"m1\"}]}", null, false),
                "without the response type the answer is ignored");
        assertEquals(Set.of("m2"), failed("{\"batchItemFailures\": [{\"itemIdentifier\": \"m2\"}]}", null, true));
        for (String success :
                List.of("{}", "null", "", "{\"batchItemFailures\": []}", "{\"batchItemFailures\": null}")) {
            assertEquals(Set.of(), failed(success, null, true), success);
        }
        for (String failure : List.of(
                "not json",
                "\"a string\"",
                "{\"batchItemFailures\": [{\"foo\": \"notvalid\"}]}",
                "{\"batchItemFailures\": [{\"itemIdentifier\": \"\"}]}",
                "{\"batchItemFailures\": [{\"itemIdentifier\": null}]}",
                "{\"batchItemFailures\": [{\"itemIdentifier\": \"m9\"}]}",
                "{\"batchItemFailures\": \"m1\"}")) {
            assertEquals(all, failed(failure, null, true), failure);
        }
    }

    @Test
    void onlyWhatSucceededIsDeleted() {
        List<MessageQueues.Message> batch = List.of(message("m1", "a", Map.of()), message("m2", "b", Map.of()));
        assertEquals(List.of("rh-m1"), SqsBatch.toDelete(batch, Set.of("m2")));
        assertEquals(List.of("rh-m1", "rh-m2"), SqsBatch.toDelete(batch, Set.of()));
    }
}
