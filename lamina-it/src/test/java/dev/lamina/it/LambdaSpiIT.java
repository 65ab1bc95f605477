package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import dev.lamina.spi.lambda.EventInvocation;
import dev.lamina.spi.lambda.FunctionRef;
import dev.lamina.spi.lambda.InvocationResult;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.lambda.SyncInvocation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lambda SPI, which the node's other services use instead of HTTP: a function created through the
 * API is found, run synchronously and asynchronously, its policy checked, and its changes heard.
 */
class LambdaSpiIT {
    private static TestNode node;
    private static Lambda lambda;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        lambda = node.lambdaSpi();
        Functions.create(node.lambda(), "spi-echo", "python3.11", "app.handler", Functions.python("""
                import json
                def handler(event, context):
                    print("EVENT " + json.dumps(event))
                    if event.get("fail"):
                        raise Exception("asked to fail")
                    return {"echo": event, "id": context.aws_request_id}
                """));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void looksFunctionsUpByNameArnAndQualifier() {
        FunctionRef ref = lambda.lookup("spi-echo", null).orElseThrow();
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:spi-echo", ref.functionArn());
        assertEquals(
                "arn:aws:lambda:us-east-1:000000000000:function:spi-echo:$LATEST",
                lambda.lookup(ref.functionArn(), "$LATEST").orElseThrow().functionArn());
        assertTrue(lambda.lookup("no-such-function", null).isEmpty());
        assertTrue(lambda.lookup("spi-echo", "7").isEmpty(), "a version that does not exist");
    }

    @Test
    void invokesSynchronously() throws Exception {
        InvocationResult result = lambda.invoke(new SyncInvocation("spi-echo", null, bytes("{\"n\":1}"), null))
                .get(60, TimeUnit.SECONDS);
        assertNull(result.functionError());
        assertEquals("$LATEST", result.executedVersion());
        String body = new String(result.payload(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"echo\": {\"n\": 1}"), body);
        assertTrue(body.contains(result.requestId()), body);

        InvocationResult failed = lambda.invoke(new SyncInvocation("spi-echo", null, bytes("{\"fail\":true}"), null))
                .get(60, TimeUnit.SECONDS);
        assertEquals("Unhandled", failed.functionError());
        assertTrue(new String(failed.payload(), StandardCharsets.UTF_8).contains("asked to fail"));
    }

    @Test
    void refusesWhatLambdaRefuses() {
        CompletionException missing = assertThrows(
                CompletionException.class,
                () -> lambda.invoke(new SyncInvocation("no-such-function", null, bytes("{}"), null))
                        .join());
        assertEquals("ResourceNotFoundException", ((AwsException) missing.getCause()).code());
        CompletionException notJson = assertThrows(
                CompletionException.class,
                () -> lambda.invoke(new SyncInvocation("spi-echo", null, bytes("{not json"), null))
                        .join());
        assertEquals("InvalidRequestContentException", ((AwsException) notJson.getCause()).code());
        AwsException tooLarge = assertThrows(
                AwsException.class,
                () -> lambda.enqueue(new EventInvocation("spi-echo", null, new byte[1024 * 1024 + 1])));
        assertEquals(413, tooLarge.status());
    }

    @Test
    void queuesEventsThatRunLater() throws Exception {
        String requestId = lambda.enqueue(new EventInvocation("spi-echo", null, bytes("{\"queued\":\"yes\"}")));
        AsyncLogs.awaitTrue(
                () -> AsyncLogs.lines(node, "spi-echo", "EVENT ").contains("{\"queued\": \"yes\"}"),
                Duration.ofSeconds(60),
                "the queued event " + requestId + " did not run");
    }

    @Test
    void checksTheResourcePolicy() {
        FunctionRef ref = lambda.lookup("spi-echo", null).orElseThrow();
        String bucket = "arn:aws:s3:::uploads";
        assertFalse(lambda.allowsInvoke(ref, "s3.amazonaws.com", bucket));
        node.lambda()
                .addPermission(r -> r.functionName("spi-echo")
                        .statementId("s3")
                        .action("lambda:InvokeFunction")
                        .principal("s3.amazonaws.com")
                        .sourceArn("arn:aws:s3:::upload*"));
        assertTrue(lambda.allowsInvoke(ref, "s3.amazonaws.com", bucket));
        assertFalse(lambda.allowsInvoke(ref, "s3.amazonaws.com", "arn:aws:s3:::other"), "another bucket");
        assertFalse(lambda.allowsInvoke(ref, "sqs.amazonaws.com", bucket), "another principal");
    }

    @Test
    void tellsSubscribersOfChanges() throws Exception {
        List<String> changed = new CopyOnWriteArrayList<>();
        AutoCloseable subscription = lambda.subscribe(changed::add);
        node.lambda()
                .updateFunctionConfiguration(r -> r.functionName("spi-echo").description("changed"));
        AsyncLogs.awaitTrue(() -> changed.contains("spi-echo"), Duration.ofSeconds(10), "no change heard");
        subscription.close();
        changed.clear();
        node.lambda().waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("spi-echo"));
        node.lambda()
                .updateFunctionConfiguration(r -> r.functionName("spi-echo").description("again"));
        node.lambda().waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("spi-echo"));
        assertTrue(changed.isEmpty(), "heard after the subscription was closed: " + changed);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
