package dev.lamina.edge.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lamina.core.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsJsonTest {
    private static final String ID = "0f6e1a7b-3c2d-4e5f-8a9b-0c1d2e3f4a5b";

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anErrorIsTypeAndMessageWithTheCodeInTheHeaderToo() {
        WireResponse response = AwsJson.V1_1.error(
                new AwsException(400, "ResourceNotFoundException", "The specified log group does not exist."), ID);
        assertEquals(400, response.status());
        assertEquals(
                Map.of(
                        "Content-Type", "application/x-amz-json-1.1",
                        "x-amzn-ErrorType", "ResourceNotFoundException",
                        "x-amzn-RequestId", ID),
                response.headers());
        assertEquals(
                "{\"__type\":\"ResourceNotFoundException\",\"message\":\"The specified log group does not exist.\"}",
                new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void versionOneZeroDiffersOnlyInItsMediaType() {
        WireResponse response = AwsJson.V1_0.error(
                new AwsException(
                        400,
                        "ConditionalCheckFailedException",
                        "The conditional request failed",
                        Map.of("Item", "none")),
                ID);
        assertEquals("application/x-amz-json-1.0", response.headers().get("Content-Type"));
        assertEquals(
                "{\"__type\":\"ConditionalCheckFailedException\",\"message\":\"The conditional request failed\","
                        + "\"Item\":\"none\"}",
                new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void structuredMembersAreWrittenAsDocuments() {
        WireResponse response = AwsJson.V1_0.error(
                new AwsException(
                        400,
                        "TransactionCanceledException",
                        "Transaction cancelled",
                        Map.of(),
                        Map.of("CancellationReasons", java.util.List.of(Map.of("Code", "None")))),
                ID);
        assertEquals(
                "{\"__type\":\"TransactionCanceledException\",\"message\":\"Transaction cancelled\","
                        + "\"CancellationReasons\":[{\"Code\":\"None\"}]}",
                new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aQueryCompatibleApiAlsoNamesItsQueryCodeAndWhoseFault() {
        AwsJson sqs = AwsJson.queryCompatible(Map.of("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"));
        WireResponse missing = sqs.error(new AwsException(400, "QueueDoesNotExist", "gone"), ID);
        assertEquals("application/x-amz-json-1.0", missing.headers().get("Content-Type"));
        assertEquals("QueueDoesNotExist", missing.headers().get("x-amzn-ErrorType"));
        assertEquals(
                "AWS.SimpleQueueService.NonExistentQueue;Sender",
                missing.headers().get("x-amzn-query-error"));
        assertEquals(
                "{\"__type\":\"QueueDoesNotExist\",\"message\":\"gone\"}",
                new String(missing.body(), StandardCharsets.UTF_8));
        WireResponse internal = sqs.error(new AwsException(500, "InternalError", "oops"), ID);
        assertEquals("InternalError;Receiver", internal.headers().get("x-amzn-query-error"));
        assertEquals(
                null,
                AwsJson.V1_0
                        .error(new AwsException(400, "X", "y"), ID)
                        .headers()
                        .get("x-amzn-query-error"));
    }

    @Test
    void readsAndWritesDocuments() {
        assertEquals(
                "/aws/lambda/f",
                AwsJson.V1_1
                        .read(utf8("{\"logGroupName\":\"/aws/lambda/f\"}"))
                        .get("logGroupName")
                        .asText());
        assertEquals(JsonNodeFactory.instance.objectNode(), AwsJson.V1_1.read(new byte[0]));
        WireResponse written =
                AwsJson.V1_1.write(JsonNodeFactory.instance.objectNode().put("nextToken", "o2"));
        assertEquals(200, written.status());
        assertEquals(Map.of("Content-Type", "application/x-amz-json-1.1"), written.headers());
        assertEquals("{\"nextToken\":\"o2\"}", new String(written.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aBodyThatIsNotJsonIsASerializationException() {
        AwsException e = assertThrows(AwsException.class, () -> AwsJson.V1_1.read(utf8("{\"a\":")));
        assertEquals(400, e.status());
        assertEquals("SerializationException", e.code());
    }

    @Test
    void aClientThatSendsCborIsAnsweredInCbor() {
        assertSame(Cbor.INSTANCE, AwsJson.V1_1.forContentType("application/x-amz-cbor-1.1"));
        assertSame(Cbor.INSTANCE, AwsJson.V1_0.forContentType("application/x-amz-cbor-1.1; charset=binary"));
        assertSame(AwsJson.V1_1, AwsJson.V1_1.forContentType("application/x-amz-json-1.1"));
        assertSame(AwsJson.V1_1, AwsJson.V1_1.forContentType(null));
        assertSame(Cbor.INSTANCE, Cbor.INSTANCE.forContentType("application/x-amz-json-1.1"));
    }
}
