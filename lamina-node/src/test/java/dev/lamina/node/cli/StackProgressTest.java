package dev.lamina.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackProgressTest {
    static StackApi.Event event(String id, String logical, String status, String reason) {
        return new StackApi.Event(
                id, Instant.parse("2026-12-07T10:00:0" + id + "Z"), logical, "AWS::SQS::Queue", status, reason);
    }

    @Test
    void aRollbacksEndOrAFailureIsAFailureAndInProgressGoesOn() {
        for (String s : List.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE")) {
            assertEquals(StackProgress.Outcome.SUCCEEDED, StackProgress.outcome(s), s);
        }
        for (String s : List.of(
                "ROLLBACK_COMPLETE",
                "UPDATE_ROLLBACK_COMPLETE",
                "ROLLBACK_FAILED",
                "UPDATE_ROLLBACK_FAILED",
                "CREATE_FAILED",
                "DELETE_FAILED")) {
            assertEquals(StackProgress.Outcome.FAILED, StackProgress.outcome(s), s);
        }
        for (String s : List.of(
                "REVIEW_IN_PROGRESS",
                "CREATE_IN_PROGRESS",
                "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
                "UPDATE_ROLLBACK_IN_PROGRESS")) {
            assertEquals(StackProgress.Outcome.IN_PROGRESS, StackProgress.outcome(s), s);
        }
    }

    @Test
    void onlyEventsAfterTheStartArePrintedOnceOldestFirstAndTheFirstFailureIsKept() {
        StackProgress progress = new StackProgress(List.of(event("1", "Old", "CREATE_COMPLETE", null)));
        assertEquals(
                List.of("2", "3"),
                progress
                        .fresh(List.of(
                                event("3", "Q", "CREATE_FAILED", "bad name"),
                                event("2", "Q", "CREATE_IN_PROGRESS", null),
                                event("1", "Old", "CREATE_COMPLETE", null)))
                        .stream()
                        .map(StackApi.Event::id)
                        .toList());
        assertEquals(
                List.of("4"),
                progress
                        .fresh(List.of(
                                event("4", "Q", "DELETE_FAILED", "later"),
                                event("3", "Q", "CREATE_FAILED", "bad name")))
                        .stream()
                        .map(StackApi.Event::id)
                        .toList());
        assertEquals("bad name", progress.firstFailure().orElseThrow().reason());
    }

    @Test
    void anEventIsOneLineOfColumns() {
        assertEquals(
                "2026-12-07T10:00:03Z      Q                         AWS::SQS::Queue                     CREATE_FAILED"
                        + "         bad name",
                StackProgress.line(event("3", "Q", "CREATE_FAILED", "bad name")));
        assertEquals(
                "2026-12-07T10:00:02Z      Q                         AWS::SQS::Queue                     CREATE_IN_PROGRESS",
                StackProgress.line(event("2", "Q", "CREATE_IN_PROGRESS", null)));
        assertEquals(
                "2026-12-07T10:00:01.234Z",
                StackProgress.line(new StackApi.Event(
                                "5", Instant.parse("2026-12-07T10:00:01.234567891Z"), "Q", "T", "S", null))
                        .substring(0, 24),
                "milliseconds, as CloudFormation's times");
    }
}
