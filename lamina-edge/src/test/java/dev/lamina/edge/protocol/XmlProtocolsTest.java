package dev.lamina.edge.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmlProtocolsTest {
    private static final String ID = "4442587FB7D0A2F9";

    private static String body(WireResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void restXmlIsS3sErrorDocument() {
        WireResponse response = RestXml.S3.error(
                new AwsException(404, "NoSuchKey", "The specified key does not exist.", Map.of("Key", "a&b<c>.txt")),
                ID);
        assertEquals(404, response.status());
        assertEquals(Map.of("Content-Type", "application/xml", "x-amz-request-id", ID), response.headers());
        assertEquals(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
                        + "<Message>The specified key does not exist.</Message><Key>a&amp;b&lt;c&gt;.txt</Key>"
                        + "<RequestId>4442587FB7D0A2F9</RequestId></Error>",
                body(response));
    }

    @Test
    void queryIsAnErrorResponseSayingWhoseFault() {
        Query sqs = new Query("http://queue.amazonaws.com/doc/2012-11-05/");
        WireResponse response = sqs.error(
                new AwsException(400, "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist."),
                ID);
        assertEquals(400, response.status());
        assertEquals(Map.of("Content-Type", "text/xml", "x-amzn-RequestId", ID), response.headers());
        assertEquals(
                "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
                        + "<Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code>"
                        + "<Message>The specified queue does not exist.</Message><Detail/></Error>"
                        + "<RequestId>4442587FB7D0A2F9</RequestId></ErrorResponse>",
                body(response));
        String internal = body(sqs.error(new AwsException(500, "InternalFailure", "\"quoted\" & 'single'"), ID));
        assertEquals(
                "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
                        + "<Error><Type>Receiver</Type><Code>InternalFailure</Code>"
                        + "<Message>&quot;quoted&quot; &amp; &apos;single&apos;</Message><Detail/></Error>"
                        + "<RequestId>4442587FB7D0A2F9</RequestId></ErrorResponse>",
                internal);
    }

    @Test
    void queryRenamesAnErrorCodeThatDiffersFromItsJsonName() {
        Query sqs = new Query(
                "http://queue.amazonaws.com/doc/2012-11-05/",
                Map.of("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"));
        String renamed = body(sqs.error(new AwsException(400, "QueueDoesNotExist", "gone"), ID));
        assertTrue(renamed.contains("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>"), renamed);
        String kept = body(sqs.error(new AwsException(400, "InvalidParameterValue", "bad"), ID));
        assertTrue(kept.contains("<Code>InvalidParameterValue</Code>"), kept);
    }

    @Test
    void aQueryApiNeedsANamespace() {
        assertThrows(IllegalArgumentException.class, () -> new Query(""));
        assertThrows(IllegalArgumentException.class, () -> new Query("x\"y"));
    }
}
