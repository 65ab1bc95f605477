package dev.lamina.lambda.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The document a destination receives, member by member. */
class InvocationRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AsyncEvent EVENT = new AsyncEvent(
            "req-1",
            "f",
            null,
            "arn:aws:lambda:us-east-1:000000000000:function:f",
            "Root=1-0-0",
            "{\"n\": [1, 2]}".getBytes(StandardCharsets.UTF_8),
            0,
            60_000);
    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST";

    private static JsonNode record(RetryPolicy.Condition condition, int attempts, FunctionResponse response)
            throws Exception {
        return JSON.readTree(InvocationRecord.of(
                JSON, condition, EVENT, ARN, attempts, response, Instant.parse("2026-01-02T03:04:05.678Z")));
    }

    @Test
    void aFailureCarriesTheEventTheErrorAndTheCount() throws Exception {
        JsonNode r = record(
                RetryPolicy.Condition.RetriesExhausted,
                3,
                new FunctionResponse(
                        "$LATEST",
                        "Unhandled",
                        "{\"errorMessage\":\"boom\",\"errorType\":\"Exception\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("1.0", r.get("version").asText());
        assertEquals("2026-01-02T03:04:05.678Z", r.get("timestamp").asText());
        JsonNode context = r.get("requestContext");
        assertEquals("req-1", context.get("requestId").asText());
        assertEquals(ARN, context.get("functionArn").asText());
        assertEquals("RetriesExhausted", context.get("condition").asText());
        assertEquals(3, context.get("approximateInvokeCount").asInt());
        assertEquals(JSON.readTree("{\"n\":[1,2]}"), r.get("requestPayload"));
        assertEquals(200, r.get("responseContext").get("statusCode").asInt());
        assertEquals("$LATEST", r.get("responseContext").get("executedVersion").asText());
        assertEquals("Unhandled", r.get("responseContext").get("functionError").asText());
        assertEquals("boom", r.get("responsePayload").get("errorMessage").asText());
    }

    @Test
    void aSuccessHasNoFunctionErrorAndANonJsonResponseIsAString() throws Exception {
        JsonNode r = record(
                RetryPolicy.Condition.Success,
                1,
                new FunctionResponse("$LATEST", null, "plain words".getBytes(StandardCharsets.UTF_8)));
        assertEquals("Success", r.get("requestContext").get("condition").asText());
        assertFalse(r.get("responseContext").has("functionError"));
        assertEquals("plain words", r.get("responsePayload").asText());
    }

    @Test
    void anEventThatNeverRanHasNoResponse() throws Exception {
        JsonNode r = record(RetryPolicy.Condition.EventAgeExceeded, 0, null);
        assertEquals(0, r.get("requestContext").get("approximateInvokeCount").asInt());
        assertFalse(r.has("responseContext"));
        assertFalse(r.has("responsePayload"));
    }

    @Test
    void jsonDetection() {
        assertTrue(InvocationRecord.isJson("null".getBytes(StandardCharsets.UTF_8)));
        assertTrue(InvocationRecord.isJson("\"x\"".getBytes(StandardCharsets.UTF_8)));
        assertFalse(InvocationRecord.isJson("{} {}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(InvocationRecord.isJson(new byte[0]));
    }
}
