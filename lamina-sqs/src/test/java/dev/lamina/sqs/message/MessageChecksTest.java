package dev.lamina.sqs.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageChecksTest {
    private static String code(Runnable check) {
        return assertThrows(AwsException.class, check::run).code();
    }

    private static SendRequest body(String body) {
        return new SendRequest(body, Map.of(), Map.of(), null);
    }

    private static SendRequest attribute(String name, MessageAttributeValue value) {
        return new SendRequest("b", Map.of(name, value), Map.of(), null);
    }

    @Test
    void aMessageKeepsSqsRules() {
        assertEquals(5, MessageChecks.send(body("hello"), 1024));
        assertEquals("MissingParameter", code(() -> MessageChecks.send(body(""), 1024)));
        assertEquals("InvalidMessageContents", code(() -> MessageChecks.send(body("a\u0000b"), 1024)));
        assertEquals("InvalidMessageContents", code(() -> MessageChecks.send(body("a\uD800"), 1024)));
        assertEquals("InvalidParameterValue", code(() -> MessageChecks.send(body("x".repeat(1025)), 1024)));
        assertEquals(
                "InvalidParameterValue",
                code(() -> MessageChecks.send(new SendRequest("b", Map.of(), Map.of(), 901), 1024)));
        String text = "String";
        assertEquals(
                "InvalidParameterValue",
                code(() -> MessageChecks.send(attribute("AWS.x", new MessageAttributeValue(text, "v", null)), 1024)));
        assertEquals(
                "InvalidParameterValue",
                code(() -> MessageChecks.send(attribute("a..b", new MessageAttributeValue(text, "v", null)), 1024)));
        assertEquals(
                "InvalidParameterValue",
                code(() -> MessageChecks.send(attribute("n", new MessageAttributeValue("Number", "4x", null)), 1024)));
        assertEquals(
                "InvalidParameterValue",
                code(() -> MessageChecks.send(attribute("n", new MessageAttributeValue("Text", "v", null)), 1024)));
        assertEquals(
                "InvalidParameterValue",
                code(() -> MessageChecks.send(attribute("n", new MessageAttributeValue("Binary", null, null)), 1024)));
        MessageChecks.send(attribute("n", new MessageAttributeValue("Number.int", "-4.5e3", null)), 1024);
        Map<String, MessageAttributeValue> eleven = new HashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("a" + i, new MessageAttributeValue(text, "v", null));
        }
        assertEquals(
                "InvalidParameterValue",
                code(() -> MessageChecks.send(new SendRequest("b", eleven, Map.of(), null), 1024)));
    }

    @Test
    void aBatchHasOneToTenEntriesWithDistinctWellFormedIds() {
        assertEquals("EmptyBatchRequest", code(() -> MessageChecks.batch(List.of())));
        List<Batch.Entry<String>> eleven = java.util.stream.IntStream.range(0, 11)
                .mapToObj(i -> new Batch.Entry<>("e" + i, "x"))
                .toList();
        assertEquals("TooManyEntriesInBatchRequest", code(() -> MessageChecks.batch(eleven)));
        assertEquals(
                "BatchEntryIdsNotDistinct",
                code(() -> MessageChecks.batch(List.of(new Batch.Entry<>("a", "x"), new Batch.Entry<>("a", "y")))));
        assertEquals("InvalidBatchEntryId", code(() -> MessageChecks.batch(List.of(new Batch.Entry<>("a b", "x")))));
        assertEquals("BatchRequestTooLong", code(() -> MessageChecks.batchSize(1_048_577)));
        MessageChecks.batchSize(1_048_576);
    }
}
