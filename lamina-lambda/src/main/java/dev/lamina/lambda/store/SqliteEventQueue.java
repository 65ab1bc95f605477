package dev.lamina.lambda.store;

import dev.lamina.lambda.async.AsyncEvent;
import dev.lamina.lambda.async.EventQueue;
import dev.lamina.lambda.async.FunctionResponse;
import dev.lamina.lambda.async.QueuedEvent;
import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import dev.lamina.storage.Transactions;
import dev.lamina.storage.outbox.Outbox;
import dev.lamina.storage.queue.Lease;
import dev.lamina.storage.queue.QueuedItem;
import dev.lamina.storage.queue.SqliteWorkQueue;
import dev.lamina.storage.queue.WorkQueue;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The asynchronous invocation queue as the work queue {@value #QUEUE} in the node's SQLite database:
 * one item per accepted event until its outcome is known (decision 23; before it, the table
 * {@code event_queue}, whose rows move here at the first start). Each operation is one transaction,
 * committed before it returns: in WAL mode with {@code synchronous=NORMAL} that survives a crash or
 * kill of the node, not a power cut (decision 13). A node's claims are held until it settles them or a
 * later start gives them back ({@link #recover}): they have no lease, since one node's claims end only
 * with the node.
 */
public final class SqliteEventQueue implements EventQueue {
    static final String QUEUE = "lambda_async_invocations";

    private final Database db;
    private final WorkQueue queue;
    private final Outbox outbox;

    /** A queue whose events' records go to functions only. */
    public SqliteEventQueue(Database db) {
        this(db, null);
    }

    /** @param outbox where records for queue destinations are put; {@code null} when there are none */
    public SqliteEventQueue(Database db, Outbox outbox) {
        this.db = db;
        this.outbox = outbox;
        this.queue = run(() -> new SqliteWorkQueue(db, QUEUE));
        run(() -> EventQueueMigration.run(db, queue));
    }

    @Override
    public void enqueue(AsyncEvent event) {
        // false when the request id is queued already: a service that chose the id queued it twice
        // (decision 33), and the first is the one that runs
        transaction(tx -> queue.enqueue(tx, QueuedEvents.item(event)));
    }

    @Override
    public int recover(String node) {
        return transaction(tx -> queue.releaseAllBut(tx, node));
    }

    @Override
    public List<String> functionsWithWork(long now) {
        return transaction(tx -> queue.groupsWithWork(tx, Instant.ofEpochMilli(now)));
    }

    @Override
    public List<QueuedEvent> claimDue(String node, String function, long now, int max) {
        return events(
                transaction(tx -> queue.claim(tx, function, Instant.ofEpochMilli(now), Lease.untilSettled(node), max)));
    }

    @Override
    public List<QueuedEvent> claimExpired(String node, String function, long now, int max) {
        return events(transaction(
                tx -> queue.claimExpired(tx, function, Instant.ofEpochMilli(now), Lease.untilSettled(node), max)));
    }

    private static List<QueuedEvent> events(List<QueuedItem> items) {
        return items.stream().map(QueuedEvents::event).toList();
    }

    @Override
    public long nextDueAfter(long now) {
        return transaction(tx -> queue.nextDueAfter(tx, Instant.ofEpochMilli(now)))
                .map(Instant::toEpochMilli)
                .orElse(-1L);
    }

    @Override
    public void release(String requestId) {
        transaction(tx -> queue.release(tx, requestId));
    }

    @Override
    public void reschedule(String requestId, long dueAt, int attempts, int returns, FunctionResponse last) {
        transaction(tx -> queue.inspect(tx, requestId)
                .map(held -> queue.reschedule(
                        tx,
                        requestId,
                        Instant.ofEpochMilli(dueAt),
                        QueuedEvents.withState(held.item().attributes(), attempts, returns, last)))
                .orElse(false));
    }

    @Override
    public void complete(String requestId, AsyncEvent followUp) {
        transaction(tx -> {
            queue.complete(tx, requestId);
            if (followUp != null) {
                queue.enqueue(tx, QueuedEvents.item(followUp));
            }
            return null;
        });
    }

    @Override
    public void completeToQueues(String requestId, AsyncEvent followUp, List<QueueMessage> messages) {
        if (outbox == null) {
            throw new IllegalStateException("this node's asynchronous invocations have no outbox");
        }
        transaction(tx -> {
            queue.complete(tx, requestId);
            if (followUp != null) {
                queue.enqueue(tx, QueuedEvents.item(followUp));
            }
            for (QueueMessage message : messages) {
                outbox.append(tx, QUEUE_MESSAGES, message.queueArn(), message.encode());
            }
            return null;
        });
    }

    @Override
    public int discard(String function) {
        return transaction(tx -> queue.discard(tx, function));
    }

    @Override
    public long oldestWaitingSince(long now) {
        return transaction(tx -> queue.oldestDue(tx, Instant.ofEpochMilli(now)))
                .map(Instant::toEpochMilli)
                .orElse(-1L);
    }

    @Override
    public int size() {
        return transaction(queue::size);
    }

    /** Runs {@code work} as one transaction; a failed statement is a {@link SqliteFunctionStore.StoreException}. */
    private <T> T transaction(Transactions.Work<T> work) {
        return run(() -> db.transaction(work));
    }

    private static <T> T run(Supplier<T> work) {
        try {
            return work.get();
        } catch (StorageException e) {
            throw new SqliteFunctionStore.StoreException(e.getCause());
        }
    }
}
