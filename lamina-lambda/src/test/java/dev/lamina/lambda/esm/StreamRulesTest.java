package dev.lamina.lambda.esm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StreamRulesTest {
    private static StreamRules.Options position(String p) {
        return new StreamRules.Options(p, null, null, null, null, null, null, null);
    }

    @Test
    void aNewMappingGetsAwsDefaults() {
        assertEquals(
                new StreamSettings("LATEST", null, 1, -1, -1, false, null, 0), StreamRules.create(position("LATEST")));
    }

    @Test
    void theStartingPositionIsRequiredAndChecked() {
        AwsException missing = assertThrows(AwsException.class, () -> StreamRules.create(position(null)));
        assertEquals("InvalidParameterValueException", missing.code());
        assertEquals(
                "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member"
                        + " must not be null.",
                missing.getMessage());
        AwsException wrong = assertThrows(AwsException.class, () -> StreamRules.create(position("invalid")));
        assertEquals("ValidationException", wrong.code());
        assertThrows(AwsException.class, () -> StreamRules.create(position("AT_TIMESTAMP")));
        assertEquals(
                Instant.EPOCH,
                StreamRules.create(new StreamRules.Options(
                                "AT_TIMESTAMP", Instant.EPOCH, null, null, null, null, null, null))
                        .startingPositionTimestamp());
    }

    @Test
    void rangesAreLambdas() {
        StreamSettings s = StreamRules.create(position("TRIM_HORIZON"));
        assertThrows(AwsException.class, () -> StreamRules.update(s, opts(11, null, null)));
        assertThrows(AwsException.class, () -> StreamRules.update(s, opts(null, -2, null)));
        assertThrows(AwsException.class, () -> StreamRules.update(s, opts(null, 10_001, null)));
        assertThrows(AwsException.class, () -> StreamRules.update(s, opts(null, null, 59)));
        assertThrows(AwsException.class, () -> StreamRules.update(s, opts(null, null, 604_801)));
        StreamSettings ok = StreamRules.update(s, opts(10, 10_000, 60));
        assertEquals(10, ok.parallelizationFactor());
        assertEquals(60, ok.maximumRecordAgeSeconds());
        assertEquals(-1, StreamRules.update(ok, opts(null, null, -1)).maximumRecordAgeSeconds());
    }

    @Test
    void onFailureMustBeAQueueAndAnEmptyOneClearsIt() {
        StreamSettings s = StreamRules.create(position("TRIM_HORIZON"));
        StreamRules.Options to = new StreamRules.Options(null, null, null, null, null, null, "arn:aws:sqs:r:a:q", null);
        StreamSettings with = StreamRules.update(s, to);
        assertEquals("arn:aws:sqs:r:a:q", with.onFailure());
        StreamRules.Options clear = new StreamRules.Options(null, null, null, null, null, null, "", null);
        assertEquals(null, StreamRules.update(with, clear).onFailure());
        StreamRules.Options bad =
                new StreamRules.Options(null, null, null, null, null, null, "arn:aws:iam::a:role/x", null);
        assertThrows(AwsException.class, () -> StreamRules.update(s, bad));
        assertThrows(AwsException.class, () -> StreamRules.update(s, position("LATEST")));
    }

    private static StreamRules.Options opts(Integer factor, Integer retries, Integer age) {
        return new StreamRules.Options(null, null, factor, retries, age, null, null, null);
    }

    @Test
    void aQueuesMappingRefusesWhatOnlyStreamsTake() {
        String queue = "arn:aws:sqs:us-east-1:000000000000:q";
        AwsException position =
                assertThrows(AwsException.class, () -> StreamRules.refuseForQueue(queue, position("LATEST")));
        assertEquals("Unsupported starting position for arn type: " + queue, position.getMessage());
        AwsException retries =
                assertThrows(AwsException.class, () -> StreamRules.refuseForQueue(queue, opts(null, 3, null)));
        assertEquals(
                "Unsupported MaximumRetryAttempts parameter for given event source mapping type.",
                retries.getMessage());
        StreamRules.refuseForQueue(queue, position(null));
    }
}
