package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Delivery of Event invocations: retries and their spacing, MaximumRetryAttempts, destinations and
 * the records they receive, throttled events, and events that grow too old. The node waits 1 s
 * before a first retry (Lambda: 1 min) and 2 s before a second.
 */
class AsyncInvokeIT {
    static final long RETRY_DELAY_MILLIS = 1_000;
    static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:";
    static TestNode node;
    static LambdaClient lambda;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(c -> c.withAsync(c.async().withRetryDelayMillis(RETRY_DELAY_MILLIS)));
        lambda = node.lambda();
        python("as-dest", AsyncLogs.RECORDER);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    static void python(String name, String source) {
        Functions.create(lambda, name, "python3.11", "app.handler", Functions.python(source));
    }

    static String sendEvent(String function, String payload) {
        InvokeResponse r = lambda.invoke(b -> b.functionName(function)
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(payload)));
        assertEquals(202, r.statusCode());
        return r.responseMetadata().requestId();
    }

    @Test
    void aFailingEventRunsThreeTimesUnderOneRequestIdThenItsRecordGoesToOnFailure() throws Exception {
        python("as-fail", AsyncLogs.FAILING);
        lambda.putFunctionEventInvokeConfig(b ->
                b.functionName("as-fail").destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "as-dest"))));
        Instant sent = Instant.now();
        String id = sendEvent("as-fail", "{\"order\": 17, \"items\": [\"a\", \"b\"]}");

        JsonNode record = AsyncLogs.awaitRecord(node, "as-dest", id, Duration.ofSeconds(60));
        List<Double> attempts = AsyncLogs.attempts(node, "as-fail", id);
        assertEquals(3, attempts.size(), "one attempt and two retries: " + attempts);
        double firstWait = attempts.get(1) - attempts.get(0);
        double secondWait = attempts.get(2) - attempts.get(1);
        assertTrue(firstWait >= 0.9 && firstWait < 15, "the first retry waits the retry delay: " + firstWait);
        assertTrue(secondWait >= 1.9 && secondWait < 15, "the second waits twice as long: " + secondWait);

        assertEquals("1.0", record.get("version").asText());
        Instant stamped = Instant.parse(record.get("timestamp").asText());
        assertFalse(stamped.isBefore(sent.minusSeconds(1)), "timestamp " + stamped + " is from this run");
        JsonNode context = record.get("requestContext");
        assertEquals(id, context.get("requestId").asText());
        assertEquals(ARN + "as-fail:$LATEST", context.get("functionArn").asText());
        assertEquals("RetriesExhausted", context.get("condition").asText());
        assertEquals(3, context.get("approximateInvokeCount").asInt());
        assertEquals(AsyncLogs.JSON.readTree("{\"order\":17,\"items\":[\"a\",\"b\"]}"), record.get("requestPayload"));
        JsonNode response = record.get("responseContext");
        assertEquals(200, response.get("statusCode").asInt());
        assertEquals("$LATEST", response.get("executedVersion").asText());
        assertEquals("Unhandled", response.get("functionError").asText());
        assertEquals("boom", record.get("responsePayload").get("errorMessage").asText());
        assertEquals("Exception", record.get("responsePayload").get("errorType").asText());
    }

    @Test
    void withMaximumRetryAttemptsZeroAFailureIsNotRetried() throws Exception {
        python("as-once", AsyncLogs.FAILING);
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("as-once")
                .maximumRetryAttempts(0)
                .destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "as-dest"))));
        python("as-once-witness", AsyncLogs.FAILING);
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("as-once-witness")
                .maximumRetryAttempts(1)
                .destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "as-dest"))));
        String id = sendEvent("as-once", "{}");
        JsonNode record = AsyncLogs.awaitRecord(node, "as-dest", id, Duration.ofSeconds(30));
        assertEquals(
                "RetriesExhausted",
                record.get("requestContext").get("condition").asText());
        assertEquals(
                1, record.get("requestContext").get("approximateInvokeCount").asInt());
        // A witness that fails after as-once's only attempt ended, and is retried once: by the time
        // its retry is over, a retry of as-once (due earlier, after the same delay) would have run.
        String witness = sendEvent("as-once-witness", "{}");
        AsyncLogs.awaitRecord(node, "as-dest", witness, Duration.ofSeconds(30));
        assertEquals(2, AsyncLogs.attempts(node, "as-once-witness", witness).size(), "the witness was retried");
        assertEquals(1, AsyncLogs.attempts(node, "as-once", id).size());
    }

    @Test
    void aSuccessSendsTheResponseToOnSuccess() throws Exception {
        python("as-ok", """
                def handler(event, context):
                    return {"doubled": event["n"] * 2}
                """);
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("as-ok")
                .destinationConfig(d -> d.onSuccess(s -> s.destination(ARN + "as-dest"))
                        .onFailure(f -> f.destination(ARN + "as-dest"))));
        String id = sendEvent("as-ok", "{\"n\": 21}");
        JsonNode record = AsyncLogs.awaitRecord(node, "as-dest", id, Duration.ofSeconds(30));
        JsonNode context = record.get("requestContext");
        assertEquals("Success", context.get("condition").asText());
        assertEquals(1, context.get("approximateInvokeCount").asInt());
        assertEquals(ARN + "as-ok:$LATEST", context.get("functionArn").asText());
        assertEquals(21, record.get("requestPayload").get("n").asInt());
        assertEquals(200, record.get("responseContext").get("statusCode").asInt());
        assertEquals(
                "$LATEST", record.get("responseContext").get("executedVersion").asText());
        assertFalse(record.get("responseContext").has("functionError"));
        assertEquals(AsyncLogs.JSON.readTree("{\"doubled\":42}"), record.get("responsePayload"));
    }

    @Test
    void anAliasHasAConfigurationOfItsOwnAndItsRecordNamesIt() throws Exception {
        python("as-alias", AsyncLogs.FAILING);
        String version = lambda.publishVersion(b -> b.functionName("as-alias")).version();
        lambda.createAlias(b -> b.functionName("as-alias").name("live").functionVersion(version));
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("as-alias")
                .qualifier("live")
                .maximumRetryAttempts(0)
                .destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "as-dest"))));
        assertEquals(
                List.of(ARN + "as-alias:live"),
                lambda
                        .listFunctionEventInvokeConfigs(b -> b.functionName("as-alias"))
                        .functionEventInvokeConfigs()
                        .stream()
                        .map(c -> c.functionArn())
                        .toList());
        String id = sendEvent("as-alias:live", "{}");
        JsonNode record = AsyncLogs.awaitRecord(node, "as-dest", id, Duration.ofSeconds(30));
        assertEquals(
                ARN + "as-alias:live",
                record.get("requestContext").get("functionArn").asText());
        assertEquals(
                1, record.get("requestContext").get("approximateInvokeCount").asInt(), "the alias says 0 retries");
        assertEquals(
                version, record.get("responseContext").get("executedVersion").asText());
    }

    @Test
    void throttledEventsWaitAndAreDeliveredOnceTheLimitIsRaised() throws Exception {
        python("as-throttled", """
                def handler(event, context):
                    print("ATTEMPT %s %s" % (context.aws_request_id, event["n"]))
                """);
        python("as-throttle-witness", """
                def handler(event, context):
                    print("ATTEMPT %s %s" % (context.aws_request_id, event["n"]))
                """);
        lambda.putFunctionConcurrency(b -> b.functionName("as-throttled").reservedConcurrentExecutions(0));
        List<String> ids = List.of(
                sendEvent("as-throttled", "{\"n\": 1}"),
                sendEvent("as-throttled", "{\"n\": 2}"),
                sendEvent("as-throttled", "{\"n\": 3}"));
        // An event queued after them, for a function with no limit: once it has run, the dispatcher
        // has taken up the three before it, and found them throttled.
        String witness = sendEvent("as-throttle-witness", "{\"n\": 0}");
        AsyncLogs.awaitTrue(
                () -> AsyncLogs.attempts(node, "as-throttle-witness", witness).size() == 1,
                Duration.ofSeconds(30),
                "the event queued after the throttled ones never ran");
        assertEquals(List.of(), AsyncLogs.lines(node, "as-throttled", "ATTEMPT "), "nothing runs at concurrency 0");
        lambda.deleteFunctionConcurrency(b -> b.functionName("as-throttled"));
        AsyncLogs.awaitTrue(
                () -> AsyncLogs.lines(node, "as-throttled", "ATTEMPT ").size() >= 3,
                Duration.ofSeconds(30),
                "the throttled events were not delivered after the limit was lifted");
        for (String id : ids) {
            assertEquals(1, AsyncLogs.attempts(node, "as-throttled", id).size(), id);
        }
    }

    @Test
    void anEventOlderThanItsMaximumAgeGoesToOnFailureWithoutRunning() throws Exception {
        python("as-aged", AsyncLogs.FAILING);
        lambda.putFunctionConcurrency(b -> b.functionName("as-aged").reservedConcurrentExecutions(0));
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("as-aged")
                .maximumEventAgeInSeconds(60)
                .destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "as-dest"))));
        long sent = System.currentTimeMillis();
        String id = sendEvent("as-aged", "{\"late\": true}");
        JsonNode record = AsyncLogs.awaitRecord(node, "as-dest", id, Duration.ofSeconds(120));
        long waited = System.currentTimeMillis() - sent;
        assertTrue(waited >= 60_000, "expired after " + waited + " ms, before its 60 s");
        JsonNode context = record.get("requestContext");
        assertEquals("EventAgeExceeded", context.get("condition").asText());
        assertEquals(0, context.get("approximateInvokeCount").asInt());
        assertTrue(record.get("requestPayload").get("late").asBoolean());
        assertFalse(record.has("responseContext"), "it never ran");
        assertEquals(List.of(), AsyncLogs.attempts(node, "as-aged", id));
    }
}
