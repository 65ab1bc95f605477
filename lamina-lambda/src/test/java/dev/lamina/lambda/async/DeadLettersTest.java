package dev.lamina.lambda.async;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    private static final AsyncEvent EVENT = new AsyncEvent(
            "r-1",
            "f",
            null,
            "arn:aws:lambda:us-east-1:000000000000:function:f",
            null,
            "{\"n\":1}".getBytes(StandardCharsets.UTF_8),
            0,
            60_000);

    private static FunctionResponse failed(String body) {
        return new FunctionResponse("$LATEST", "Unhandled", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theLetterIsTheEventWithLambdasThreeAttributes() {
        EventQueue.QueueMessage letter = DeadLetters.of(
                "arn:aws:sqs:us-east-1:000000000000:dlq",
                EVENT,
                RetryPolicy.Condition.RetriesExhausted,
                failed("{\"errorMessage\":\"boom\",\"errorType\":\"Exception\"}"));
        assertEquals("{\"n\":1}", letter.body());
        assertEquals(
                Map.of(
                        "RequestID", new EventQueue.QueueMessage.Attribute("String", "r-1"),
                        "ErrorCode", new EventQueue.QueueMessage.Attribute("Number", "200"),
                        "ErrorMessage", new EventQueue.QueueMessage.Attribute("String", "boom")),
                letter.attributes());
    }

    @Test
    void theErrorMessageFallsBackToTheTypeThenTheConditionAndIsCutToOneKibibyte() {
        assertEquals(
                "Unhandled",
                DeadLetters.message(RetryPolicy.Condition.RetriesExhausted, failed("{\"errorType\":\"X\"}")));
        assertEquals(
                "The event was older than the function's maximum event age",
                DeadLetters.message(RetryPolicy.Condition.EventAgeExceeded, null));
        String longMessage = "é".repeat(600); // 1,200 bytes: cut between characters, not inside one
        String cut = DeadLetters.message(
                RetryPolicy.Condition.RetriesExhausted, failed("{\"errorMessage\":\"" + longMessage + "\"}"));
        assertEquals("é".repeat(512), cut);
    }

    @Test
    void aMessageSurvivesTheOutboxAndTheOlderFormIsStillRead() {
        EventQueue.QueueMessage letter = DeadLetters.of(
                "arn:aws:sqs:us-east-1:000000000000:dlq",
                EVENT,
                RetryPolicy.Condition.RetriesExhausted,
                failed("{\"errorMessage\":\"boom\"}"));
        assertEquals(letter, EventQueue.QueueMessage.decode(letter.encode()));
        EventQueue.QueueMessage older = EventQueue.QueueMessage.decode(
                "arn:aws:sqs:us-east-1:000000000000:q\n{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals(new EventQueue.QueueMessage("arn:aws:sqs:us-east-1:000000000000:q", "{\"a\":1}", Map.of()), older);
    }
}
