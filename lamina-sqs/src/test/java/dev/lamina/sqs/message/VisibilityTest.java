package dev.lamina.sqs.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The visibility lifecycle as pure transitions over given times: the example of {@link Visibility}'s header. */
class VisibilityTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aDelayedMessageBecomesVisibleWhenItsDelayEnds() {
        assertEquals(new Visibility.Delayed(at(10)), Visibility.at(at(10), null, null, at(5)));
        assertEquals(new Visibility.Visible(null), Visibility.at(at(10), null, null, at(10)));
    }

    @Test
    void aReceiveHidesItUntilItsTimeoutThenItIsVisibleWithItsLastReceipt() {
        Visibility visible = Visibility.at(at(10), null, null, at(12));
        var deliver = assertInstanceOf(
                Visibility.Deliver.class, visible.receive("r1", at(12), Duration.ofSeconds(30), 0, null, 0));
        assertEquals(new Visibility.InFlight("r1", at(42)), deliver.state());
        assertEquals(1, deliver.receives());
        assertEquals(at(12), deliver.firstReceivedAt());
        assertEquals(deliver.state(), Visibility.at(at(10), "r1", at(42), at(41)));
        Visibility lapsed = Visibility.at(at(10), "r1", at(42), at(42));
        assertEquals(new Visibility.Visible("r1"), lapsed);
        assertTrue(lapsed.deletableWith("r1"), "nobody received it since: its last receipt still deletes it");

        var again = assertInstanceOf(
                Visibility.Deliver.class, lapsed.receive("r2", at(50), Duration.ofSeconds(30), 1, at(12), 0));
        assertEquals(2, again.receives());
        assertEquals(at(12), again.firstReceivedAt(), "the first receive's time stays");
        assertFalse(again.state().deletableWith("r1"));
        assertTrue(again.state().deletableWith("r2"));
    }

    @Test
    void changingVisibilityNeedsTheLatestReceiptOfAMessageInFlight() {
        Visibility inFlight = new Visibility.InFlight("r2", at(80));
        assertEquals(
                new Visibility.InFlight("r2", at(160)),
                inFlight.changeVisibility("r2", at(60), Duration.ofSeconds(100)));
        assertEquals(new Visibility.InFlight("r2", at(60)), inFlight.changeVisibility("r2", at(60), Duration.ZERO));
        assertEquals(
                "InvalidParameterValue",
                assertThrows(AwsException.class, () -> inFlight.changeVisibility("r1", at(60), Duration.ZERO))
                        .code());
        assertEquals(
                "MessageNotInflight",
                assertThrows(
                                AwsException.class,
                                () -> new Visibility.Visible("r2").changeVisibility("r2", at(90), Duration.ZERO))
                        .code());
        assertEquals(
                "MessageNotInflight",
                assertThrows(
                                AwsException.class,
                                () -> new Visibility.Delayed(at(90)).changeVisibility("r2", at(60), Duration.ZERO))
                        .code());
    }

    @Test
    void theReceivePastMaxReceiveCountMovesItToTheDeadLetterQueue() {
        Visibility visible = new Visibility.Visible("r2");
        assertInstanceOf(Visibility.Deliver.class, visible.receive("r3", at(1), Duration.ZERO, 1, at(0), 2));
        assertInstanceOf(Visibility.DeadLetter.class, visible.receive("r3", at(1), Duration.ZERO, 2, at(0), 2));
        assertInstanceOf(
                Visibility.Deliver.class,
                visible.receive("r3", at(1), Duration.ZERO, 2, at(0), 0),
                "no redrive policy");
    }

    @Test
    void onlyAVisibleMessageIsReceived() {
        assertThrows(
                IllegalStateException.class,
                () -> new Visibility.InFlight("r", at(5)).receive("s", at(1), Duration.ZERO, 1, at(0), 0));
        assertFalse(new Visibility.Delayed(at(5)).deletableWith("r"));
    }
}
