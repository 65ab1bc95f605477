package dev.lamina.lambda.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lamina.lambda.async.AsyncEvent;
import dev.lamina.lambda.async.FunctionResponse;
import dev.lamina.lambda.async.QueuedEvent;
import dev.lamina.storage.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue's rows through claims, retries, completion and a node's restart, on a real SQLite file. */
class SqliteEventQueueTest {
    @TempDir
    Path dir;

    private Database db;
    private SqliteEventQueue queue;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("lamina.db"));
        queue = new SqliteEventQueue(db);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    /** An event accepted at {@code at} that expires 10 s later. */
    private static AsyncEvent event(String id, String function, long at) {
        byte[] payload = ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        return new AsyncEvent(id, function, null, "arn:" + function, "trace", payload, at, at + 10_000);
    }

    @Test
    void anEventIsClaimedOnceUntilGivenBack() {
        queue.enqueue(event("a", "f", 100));
        queue.enqueue(event("b", "f", 200));
        queue.enqueue(event("c", "g", 150));
        assertEquals(
                List.of("f", "g"),
                queue.functionsWithWork(1_000).stream().sorted().toList());
        List<QueuedEvent> claimed = queue.claimDue("node-1", "f", 1_000, 10);
        assertEquals(
                List.of("a", "b"), claimed.stream().map(QueuedEvent::requestId).toList());
        assertArrayEquals(
                "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8),
                claimed.getFirst().event().payload());
        assertEquals(List.of(), queue.claimDue("node-1", "f", 1_000, 10), "claimed events are not claimed twice");
        queue.release("a");
        assertEquals(
                List.of("a"),
                queue.claimDue("node-1", "f", 1_000, 10).stream()
                        .map(QueuedEvent::requestId)
                        .toList());
    }

    @Test
    void anEventQueuedTwiceUnderOneRequestIdIsQueuedOnce() {
        queue.enqueue(event("tick-1", "f", 100));
        queue.enqueue(event("tick-1", "f", 100)); // a scheduler's delivery made again after a crash
        assertEquals(1, queue.size());
        assertEquals(1, queue.claimDue("n", "f", 1_000, 10).size());
    }

    @Test
    void aRescheduledEventWaitsUntilItIsDueAndKeepsItsLastResponse() {
        queue.enqueue(event("a", "f", 100));
        queue.claimDue("n", "f", 100, 1);
        FunctionResponse failed =
                new FunctionResponse("$LATEST", "Unhandled", "{\"errorType\":\"E\"}".getBytes(StandardCharsets.UTF_8));
        queue.reschedule("a", 5_000, 1, 0, failed);
        assertEquals(List.of(), queue.claimDue("n", "f", 4_999, 1));
        assertEquals(5_000, queue.nextDueAfter(4_999));
        assertEquals(-1, queue.nextDueAfter(5_000));
        QueuedEvent again = queue.claimDue("n", "f", 5_000, 1).getFirst();
        assertEquals(1, again.attempts());
        assertEquals("Unhandled", again.lastResponse().functionError());
        assertArrayEquals(failed.body(), again.lastResponse().body());
    }

    @Test
    void completingRemovesTheEventAndEnqueuesTheDestinationsRecordTogether() {
        queue.enqueue(event("a", "f", 100));
        queue.claimDue("n", "f", 100, 1);
        queue.complete("a", event("record", "dest", 300));
        assertEquals(1, queue.size());
        QueuedEvent record = queue.claimDue("n", "dest", 300, 1).getFirst();
        assertEquals("record", record.requestId());
        assertNull(record.lastResponse());
    }

    @Test
    void aNewNodeGetsBackWhatAnEarlierNodeHadClaimed() throws Exception {
        queue.enqueue(event("a", "f", 100));
        queue.enqueue(event("b", "f", 100));
        queue.claimDue("dead-node", "f", 100, 2);
        db.close();
        db = new Database(dir.resolve("lamina.db"));
        queue = new SqliteEventQueue(db);
        assertEquals(List.of(), queue.claimDue("new-node", "f", 100, 2));
        assertEquals(2, queue.recover("new-node"));
        assertEquals(2, queue.claimDue("new-node", "f", 100, 2).size());
        assertEquals(0, queue.recover("new-node"), "a node's own claims stay");
    }

    @Test
    void expiredEventsCanBeClaimedWhetherDueOrNot() {
        queue.enqueue(event("old", "f", 100));
        queue.enqueue(event("young", "f", 5_000));
        queue.claimDue("n", "f", 100, 2);
        queue.reschedule("old", 999_999, 1, 0, null);
        queue.reschedule("young", 999_999, 1, 0, null);
        assertEquals(List.of(), queue.functionsWithWork(10_099), "nothing due, nothing expired");
        assertEquals(List.of("f"), queue.functionsWithWork(10_100));
        assertEquals(
                List.of("old"),
                queue.claimExpired("n", "f", 10_100, 10).stream()
                        .map(QueuedEvent::requestId)
                        .toList());
    }

    @Test
    void aDeletedFunctionsUnclaimedEventsAreDiscarded() {
        queue.enqueue(event("a", "f", 100));
        queue.enqueue(event("b", "f", 100));
        queue.enqueue(event("c", "g", 100));
        queue.claimDue("n", "f", 100, 1);
        assertEquals(1, queue.discard("f"));
        assertEquals(2, queue.size());
    }

    @Test
    void concurrentEnqueuesAreAllCommitted() throws Exception {
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String id = "e" + i;
                done.add(callers.submit(() -> queue.enqueue(event(id, "f", 1))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertEquals(500, queue.size());
        assertEquals(500, queue.claimDue("n", "f", 1, 1_000).size());
    }
}
