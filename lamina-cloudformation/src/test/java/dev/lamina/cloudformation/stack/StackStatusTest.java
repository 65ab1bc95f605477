package dev.lamina.cloudformation.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StackStatusTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant T1 = T0.plusSeconds(1);

    @Test
    void aCreateThatEndsWell() {
        StackStatus running = new StackStatus.Review(T0).begin(StackStatus.Operation.CREATE, T1, "s");
        assertEquals("CREATE_IN_PROGRESS", running.name());
        assertEquals(T1, running.since());
        assertEquals("CREATE_COMPLETE", running.succeed(T1).name());
    }

    @Test
    void aFailedCreateRollsBackAndKeepsSayingWhy() {
        StackStatus rolling = new StackStatus.Review(T0)
                .begin(StackStatus.Operation.CREATE, T0, "s")
                .fail("[Broken] failed", T1);
        assertEquals("ROLLBACK_IN_PROGRESS", rolling.name());
        StackStatus done = rolling.succeed(T1);
        assertEquals("ROLLBACK_COMPLETE", done.name());
        assertEquals("[Broken] failed", done.reason());
        assertEquals("ROLLBACK_FAILED", rolling.fail("could not delete", T1).name());
    }

    @Test
    void aFailedUpdateRollsBackToTheStateBefore() {
        StackStatus complete = new StackStatus.Complete(StackStatus.Operation.CREATE, T0, null);
        StackStatus rolling =
                complete.begin(StackStatus.Operation.UPDATE, T1, "s").fail("no", T1);
        assertEquals("UPDATE_ROLLBACK_IN_PROGRESS", rolling.name());
        StackStatus rolledBack = rolling.succeed(T1);
        assertEquals("UPDATE_ROLLBACK_COMPLETE", rolledBack.name());
        assertEquals(
                "UPDATE_IN_PROGRESS",
                rolledBack.begin(StackStatus.Operation.UPDATE, T1, "s").name());
    }

    @Test
    void aStackThatNeverWasCreatedCanOnlyBeDeleted() {
        StackStatus rolledBack = new StackStatus.Complete(StackStatus.Operation.ROLLBACK, T0, "x");
        AwsException e =
                assertThrows(AwsException.class, () -> rolledBack.begin(StackStatus.Operation.UPDATE, T1, "orders"));
        assertEquals("ValidationError", e.code());
        assertEquals("Stack:orders is in ROLLBACK_COMPLETE state and can not be updated.", e.getMessage());
        StackStatus deleting = rolledBack.begin(StackStatus.Operation.DELETE, T1, "orders");
        StackStatus deleted = deleting.succeed(T1);
        assertEquals("DELETE_COMPLETE", deleted.name());
        assertEquals(true, deleted.deleted());
        assertThrows(AwsException.class, () -> deleted.begin(StackStatus.Operation.DELETE, T1, "orders"));
    }

    @Test
    void nothingStartsWhileSomethingRuns() {
        StackStatus running = new StackStatus.InProgress(StackStatus.Operation.UPDATE, T0, null);
        assertThrows(AwsException.class, () -> running.begin(StackStatus.Operation.DELETE, T1, "s"));
        assertThrows(AwsException.class, () -> running.begin(StackStatus.Operation.UPDATE, T1, "s"));
        assertThrows(IllegalStateException.class, () -> new StackStatus.Review(T0).succeed(T1));
    }

    @Test
    void aStatusIsReadBackFromItsName() {
        for (String name : new String[] {
            "REVIEW_IN_PROGRESS", "CREATE_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE", "DELETE_FAILED", "ROLLBACK_COMPLETE"
        }) {
            assertEquals(name, StackStatus.of(name, T0, "r").name());
        }
    }
}
