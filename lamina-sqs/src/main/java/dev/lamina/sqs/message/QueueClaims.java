package dev.lamina.sqs.message;

import dev.lamina.sqs.queue.Queue;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.queue.Lease;
import dev.lamina.storage.queue.QueuedItem;
import dev.lamina.storage.queue.WorkQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a queue's messages sit in the work queue, and how a receive takes the visible ones: a standard
 * queue is one group, any of whose due items may be taken; a FIFO queue is one group per message
 * group, {@code <queue group>/<MessageGroupId>}, each taken in order and only while none of it is in
 * flight. Runs in the caller's transaction.
 */
final class QueueClaims {
    /** How many expired messages a receive removes in passing. */
    private static final int EXPIRED_PER_RECEIVE = 10;

    private final WorkQueue store;

    QueueClaims(WorkQueue store) {
        this.store = store;
    }

    /** The work queue's group of a message: its queue's, and in a FIFO queue its message group's within that. */
    static String groupOf(Queue queue, Message message) {
        return queue.fifo() ? queue.group() + "/" + message.groupId() : queue.group();
    }

    /**
     * Claims up to {@code max} visible messages for {@code lease}: in a standard queue any; in a FIFO
     * queue each message group's first ones, in order, from groups with nothing in flight. Removes a few
     * messages past the queue's retention period on the way.
     */
    List<QueuedItem> claim(Transaction tx, Queue queue, Instant now, Lease lease, int max) {
        if (!queue.fifo()) {
            dropExpired(tx, queue.group(), now, lease);
            return store.claim(tx, queue.group(), now, lease, max);
        }
        List<QueuedItem> claimed = new ArrayList<>();
        for (String group : store.groupsWithWork(tx, queue.group() + "/", now)) {
            if (claimed.size() >= max) {
                break;
            }
            dropExpired(tx, group, now, lease);
            claimed.addAll(store.claimInOrder(tx, group, now, lease, max - claimed.size()));
        }
        return claimed;
    }

    private void dropExpired(Transaction tx, String group, Instant now, Lease lease) {
        for (QueuedItem expired : store.claimExpired(tx, group, now, lease, EXPIRED_PER_RECEIVE)) {
            store.complete(tx, expired.id());
        }
    }
}
