package dev.lamina.sqs.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueAttributesTest {
    private static String code(Map<String, String> attributes, boolean fifo) {
        return assertThrows(AwsException.class, () -> QueueAttributes.check(attributes, fifo))
                .code();
    }

    private static String code(Map<String, String> attributes) {
        return code(attributes, false);
    }

    @Test
    void valuesAreCheckedAgainstSqsLimits() {
        assertEquals(
                Map.of("VisibilityTimeout", "60"), QueueAttributes.check(Map.of("VisibilityTimeout", " 60"), false));
        assertEquals("InvalidAttributeValue", code(Map.of("VisibilityTimeout", "43201")));
        assertEquals("InvalidAttributeValue", code(Map.of("DelaySeconds", "soon")));
        assertEquals("InvalidAttributeValue", code(Map.of("MaximumMessageSize", "1023")));
        assertEquals("InvalidAttributeName", code(Map.of("Colour", "blue")));
        assertEquals("InvalidAttributeName", code(Map.of("QueueArn", "arn:x")), "read-only");
        assertEquals("InvalidAttributeValue", code(Map.of("RedrivePolicy", "{\"maxReceiveCount\":1}")));
        assertEquals(
                "InvalidAttributeValue",
                code(Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"a\",\"maxReceiveCount\":0}")));
    }

    @Test
    void onlyAFifoQueueHasTheFifoAttributes() {
        assertEquals("InvalidAttributeValue", code(Map.of("FifoQueue", "true")));
        assertEquals("InvalidAttributeValue", code(Map.of("ContentBasedDeduplication", "true")));
        assertEquals("InvalidAttributeValue", code(Map.of("FifoQueue", "false"), true));
        assertEquals("InvalidAttributeValue", code(Map.of("DeduplicationScope", "everywhere"), true));
        assertEquals(
                Map.of("FifoQueue", "true", "DeduplicationScope", "messageGroup"),
                QueueAttributes.check(Map.of("FifoQueue", "true", "DeduplicationScope", "messageGroup"), true));
        assertEquals("queue", QueueAttributes.defaults(true).get("DeduplicationScope"));
        assertEquals(null, QueueAttributes.defaults(false).get("FifoQueue"));
    }

    @Test
    void aRedrivePolicyIsKeptInOneFormAndAnEmptyOneRemovesIt() {
        Map<String, String> set = QueueAttributes.check(
                Map.of(
                        "RedrivePolicy",
                        "{ \"maxReceiveCount\": \"5\", \"deadLetterTargetArn\": \"arn:aws:sqs:r:1:d\" }"),
                false);
        assertEquals("{\"deadLetterTargetArn\":\"arn:aws:sqs:r:1:d\",\"maxReceiveCount\":5}", set.get("RedrivePolicy"));
        Map<String, String> with = QueueAttributes.apply(QueueAttributes.defaults(false), set);
        assertEquals(
                QueueAttributes.defaults(false),
                QueueAttributes.apply(with, QueueAttributes.check(Map.of("RedrivePolicy", ""), false)));
        assertEquals("30", QueueAttributes.defaults(false).get("VisibilityTimeout"));
        assertEquals("345600", QueueAttributes.defaults(false).get("MessageRetentionPeriod"));
    }
}
