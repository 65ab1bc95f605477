package dev.lamina.sqs.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueAttributesTest {
    private static String code(Map<String, String> attributes) {
        return assertThrows(AwsException.class, () -> QueueAttributes.check(attributes))
                .code();
    }

    @Test
    void valuesAreCheckedAgainstSqsLimits() {
        assertEquals(Map.of("VisibilityTimeout", "60"), QueueAttributes.check(Map.of("VisibilityTimeout", " 60")));
        assertEquals("InvalidAttributeValue", code(Map.of("VisibilityTimeout", "43201")));
        assertEquals("InvalidAttributeValue", code(Map.of("DelaySeconds", "soon")));
        assertEquals("InvalidAttributeValue", code(Map.of("MaximumMessageSize", "1023")));
        assertEquals("InvalidAttributeName", code(Map.of("Colour", "blue")));
        assertEquals("InvalidAttributeName", code(Map.of("QueueArn", "arn:x")), "read-only");
        assertEquals("UnsupportedOperation", code(Map.of("FifoQueue", "true")));
        assertEquals("InvalidAttributeValue", code(Map.of("RedrivePolicy", "{\"maxReceiveCount\":1}")));
        assertEquals(
                "InvalidAttributeValue",
                code(Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"a\",\"maxReceiveCount\":0}")));
    }

    @Test
    void aRedrivePolicyIsKeptInOneFormAndAnEmptyOneRemovesIt() {
        Map<String, String> set = QueueAttributes.check(Map.of(
                "RedrivePolicy", "{ \"maxReceiveCount\": \"5\", \"deadLetterTargetArn\": \"arn:aws:sqs:r:1:d\" }"));
        assertEquals("{\"deadLetterTargetArn\":\"arn:aws:sqs:r:1:d\",\"maxReceiveCount\":5}", set.get("RedrivePolicy"));
        Map<String, String> with = QueueAttributes.apply(QueueAttributes.defaults(), set);
        assertEquals(
                QueueAttributes.defaults(),
                QueueAttributes.apply(with, QueueAttributes.check(Map.of("RedrivePolicy", ""))));
        assertEquals("30", QueueAttributes.defaults().get("VisibilityTimeout"));
        assertEquals("345600", QueueAttributes.defaults().get("MessageRetentionPeriod"));
    }
}
