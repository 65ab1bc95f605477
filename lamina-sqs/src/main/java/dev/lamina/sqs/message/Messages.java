package dev.lamina.sqs.message;

import dev.lamina.core.AwsException;
import dev.lamina.sqs.queue.Queue;
import dev.lamina.sqs.queue.QueueStore;
import dev.lamina.sqs.queue.RedrivePolicy;
import dev.lamina.sqs.queue.SqsErrors;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import dev.lamina.storage.queue.Lease;
import dev.lamina.storage.queue.QueueCounts;
import dev.lamina.storage.queue.QueuedItem;
import dev.lamina.storage.queue.WorkItem;
import dev.lamina.storage.queue.WorkQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Messages through their lifecycle ({@link Visibility}): sent, received, hidden, deleted, moved to a
 * dead-letter queue. Every message of every queue is one item of one {@link WorkQueue}, grouped by
 * its queue's {@link Queue#group()}: the item is due when its delay ends, and a receive claims it with
 * a lease that ends when its visibility timeout does, so a message nobody deletes comes back on its own
 * (after a restart too: the lease's end is in the database) and no sweeper runs. The lease's owner is
 * the receive's receipt: a later receive takes the lease, so older receipt handles stop working. The
 * item's attributes count its receives.
 *
 * <p>Each operation is one transaction; a receive that finds nothing waits on {@link Arrivals} for a
 * send to the queue, or until the next item anywhere falls due (a delay or a visibility timeout ends).
 * Thread-safe.
 */
public final class Messages implements QueueConsumer {
    /** The work queue that holds every queue's messages. */
    public static final String WORK_QUEUE = "sqs_messages";

    private static final String RECEIVES = "receives";
    private static final String FIRST_RECEIVED = "first";
    /** The queue a dead-lettered message came from, where a move task takes it back by default. */
    private static final String ORIGIN = "origin";

    /** How long a FIFO queue remembers a deduplication id. */
    private static final Duration DEDUPLICATION_INTERVAL = Duration.ofMinutes(5);

    private final Transactions db;
    private final WorkQueue store;
    private final QueueStore queues;
    private final Deduplication deduplication;
    private final InstantSource clock;
    private final RandomGenerator random;
    /** For message ids, which must be unique, not unguessable (receipt handles come from {@link #random}). */
    private final RandomGenerator messageIds;

    private final String account;
    private final Arrivals arrivals = new Arrivals();
    private final QueueClaims claims;

    /**
     * @param account the node's account, which {@code SenderId} reports (the node
     *     has one account)
     */
    public Messages(
            Transactions db, MessageStores stores, InstantSource clock, RandomGenerator random, String account) {
        this.db = db;
        this.store = stores.messages();
        this.claims = new QueueClaims(store);
        this.queues = stores.queues();
        this.deduplication = stores.deduplication();
        this.clock = clock;
        this.random = random;
        this.messageIds = new java.util.Random(random.nextLong());
        this.account = account;
    }

    /** Sends one message; throws the error of the first rule it breaks, sending nothing. */
    public Sent send(String queueName, SendRequest request) {
        String id = newMessageId(); // before the transaction: the one connection is held for less
        return db.transaction(tx -> {
            Queue queue = queue(tx, queueName);
            MessageChecks.send(request, queue.maximumMessageSize());
            return enqueue(tx, queue, request, id, clock.instant());
        });
    }

    /**
     * Sends each entry that keeps SQS's rules, in one transaction; an entry that breaks one fails alone.
     * A malformed batch (empty, too many entries, bad or repeated ids, too long) fails whole.
     */
    public Batch<Sent> sendBatch(String queueName, List<Batch.Entry<SendRequest>> entries) {
        MessageChecks.batch(entries);
        int bytes = 0;
        for (Batch.Entry<SendRequest> entry : entries) {
            String body = entry.request().body();
            bytes += body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
            for (Map.Entry<String, MessageAttributeValue> a :
                    entry.request().attributes().entrySet()) {
                bytes += a.getValue().size(a.getKey());
            }
        }
        MessageChecks.batchSize(bytes);
        List<String> ids = entries.stream().map(e -> newMessageId()).toList();
        return db.transaction(tx -> {
            Queue queue = queue(tx, queueName);
            Instant now = clock.instant();
            List<Batch.Success<Sent>> ok = new ArrayList<>();
            List<Batch.Failure> failed = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Batch.Entry<SendRequest> entry = entries.get(i);
                try {
                    MessageChecks.send(entry.request(), queue.maximumMessageSize());
                    ok.add(new Batch.Success<>(entry.id(), enqueue(tx, queue, entry.request(), ids.get(i), now)));
                } catch (AwsException e) {
                    failed.add(failure(entry.id(), e));
                }
            }
            return new Batch<>(ok, failed);
        });
    }

    /**
     * Enqueues a checked message. In a FIFO queue it goes to the end of its message group, with the next
     * sequence number, unless its deduplication id was taken in the last five minutes: then the first
     * send's answer is returned and nothing is added.
     */
    private Sent enqueue(Transaction tx, Queue queue, SendRequest request, String id, Instant now) {
        String key = MessageChecks.deduplicationKey(request, queue);
        if (key != null) {
            Optional<Sent> earlier = deduplication.find(tx, queue.group(), key, now);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        String sequence = key == null ? null : "%020d".formatted(deduplication.nextSequence(tx, queue.group()));
        Message message = new Message(
                id,
                request.body(),
                request.attributes(),
                request.systemAttributes(),
                now,
                account,
                request.messageGroupId(),
                key == null ? null : key.substring(key.lastIndexOf('\n') + 1),
                sequence);
        int delay = request.delaySeconds() != null ? request.delaySeconds() : queue.delaySeconds();
        String group = QueueClaims.groupOf(queue, message);
        store.enqueue(
                tx,
                new WorkItem(
                        message.id(),
                        group,
                        message.encode(),
                        Map.of(),
                        now.plusSeconds(delay),
                        now.plusSeconds(queue.retentionSeconds())));
        if (delay == 0) {
            tx.afterCommit(() -> arrivals.arrived(queue.group()));
        }
        Sent sent = new Sent(
                message.id(),
                message.md5OfBody(),
                message.md5OfAttributes(),
                message.md5OfSystemAttributes(),
                sequence);
        if (key != null) {
            deduplication.remember(tx, queue.group(), key, sent, now, now.plus(DEDUPLICATION_INTERVAL));
        }
        return sent;
    }

    @Override
    public int visibilityTimeoutSeconds(String queueName) {
        return db.transaction(tx -> queue(tx, queueName)).visibilityTimeoutSeconds();
    }

    @Override
    public List<Received> receive(String queueName, ReceiveRequest request) throws InterruptedException {
        if (request.max() < 1 || request.max() > 10) {
            throw SqsErrors.invalidParameter("Value " + request.max()
                    + " for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        }
        Integer visibility = request.visibilityTimeoutSeconds();
        if (visibility != null) {
            checkVisibilityTimeout(visibility);
        }
        Integer wait = request.waitSeconds();
        if (wait != null && (wait < 0 || wait > 20)) {
            throw SqsErrors.invalidParameter("Value " + wait
                    + " for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.");
        }
        Queue queue = db.transaction(tx -> queue(tx, queueName));
        Instant deadline = clock.instant().plusSeconds(wait != null ? wait : queue.receiveWaitSeconds());
        while (true) {
            Arrivals.Mark seen = arrivals.mark(queue.group());
            // Read before the look: what falls due after it is what the look cannot have seen. Read after
            // it, a message falling due in between would be neither received nor waited for.
            Instant looked = clock.instant();
            List<Received> got = db.transaction(tx -> receiveNow(tx, queueName, request));
            Instant now = clock.instant();
            if (!got.isEmpty() || !now.isBefore(deadline) || arrivals.closed()) {
                return got; // a closing node answers its long polls with what they have
            }
            Instant wake = db.transaction(tx -> store.nextDueAfter(tx, queue.group(), looked))
                    .filter(deadline::isAfter)
                    .orElse(deadline);
            arrivals.await(
                    seen,
                    TimeUnit.MILLISECONDS.toNanos(
                            Math.max(1, Duration.between(now, wake).toMillis())));
        }
    }

    /** One look at the queue: claims what is visible now, moving what exhausted its receives to the DLQ. */
    private List<Received> receiveNow(Transaction tx, String queueName, ReceiveRequest request) {
        Queue queue = queue(tx, queueName);
        Instant now = clock.instant();
        String receipt = newReceipt();
        Duration timeout = Duration.ofSeconds(
                request.visibilityTimeoutSeconds() != null
                        ? request.visibilityTimeoutSeconds()
                        : queue.visibilityTimeoutSeconds());
        Lease lease = Lease.until(receipt, now.plus(timeout));
        Optional<RedrivePolicy> redrive = queue.redrive();
        Optional<Queue> deadLetters = redrive.flatMap(p -> queues.find(tx, p.deadLetterQueueName()));
        int maxReceives = deadLetters.isPresent() ? redrive.get().maxReceiveCount() : 0;
        List<Received> out = new ArrayList<>();
        // A message moved to the dead-letter queue takes no place in the answer, so a look that moved
        // some looks again. One it delivered may be claimable again at once (a visibility timeout of 0):
        // it is not handed out twice.
        Set<String> taken = new HashSet<>();
        boolean moved = true;
        while (moved && out.size() < request.max()) {
            moved = false;
            for (QueuedItem item : claims.claim(tx, queue, now, lease, request.max() - out.size())) {
                if (!taken.add(item.id())) {
                    continue;
                }
                Map<String, String> counts = item.item().attributes();
                int receives = Integer.parseInt(counts.getOrDefault(RECEIVES, "0"));
                Instant first = counts.containsKey(FIRST_RECEIVED)
                        ? Instant.ofEpochMilli(Long.parseLong(counts.get(FIRST_RECEIVED)))
                        : null;
                switch (new Visibility.Visible(null).receive(receipt, now, timeout, receives, first, maxReceives)) {
                    case Visibility.Deliver deliver -> {
                        store.renew(
                                tx,
                                item.id(),
                                receipt,
                                deliver.state().until(),
                                Map.of(
                                        RECEIVES,
                                        Integer.toString(deliver.receives()),
                                        FIRST_RECEIVED,
                                        Long.toString(deliver.firstReceivedAt().toEpochMilli())));
                        out.add(new Received(
                                Message.decode(item.item().payload()),
                                new ReceiptHandle(queue.group(), item.id(), receipt).encode(),
                                deliver.receives(),
                                deliver.firstReceivedAt()));
                    }
                    case Visibility.DeadLetter dead -> {
                        Map<String, String> withOrigin =
                                new HashMap<>(item.item().attributes());
                        withOrigin.put(ORIGIN, queue.name());
                        moveTo(tx, deadLetters.get(), item, withOrigin, now);
                        moved = true;
                    }
                }
            }
        }
        return out;
    }

    /** Moves a message to {@code target}, visible there at once, with {@code attributes} (its counts). */
    private void moveTo(Transaction tx, Queue target, QueuedItem item, Map<String, String> attributes, Instant now) {
        store.complete(tx, item.id());
        store.enqueue(
                tx,
                new WorkItem(
                        item.id(),
                        target.fifo()
                                ? QueueClaims.groupOf(
                                        target, Message.decode(item.item().payload()))
                                : target.group(),
                        item.item().payload(),
                        attributes,
                        now,
                        now.plusSeconds(target.retentionSeconds())));
        tx.afterCommit(() -> arrivals.arrived(target.group()));
    }

    /**
     * Moves every visible message of {@code source} (a dead-letter queue) to {@code destination}, or,
     * when that is {@code null}, back to the queue each one was dead-lettered from; a message whose
     * queue is gone (or that was sent to the dead-letter queue directly) stays. Messages in flight
     * stay too. Returns how many moved; their receive counts start again.
     */
    public int moveAll(Transaction tx, Queue source, Queue destination) {
        Instant now = clock.instant();
        int visible = store.counts(tx, source.group(), now).ready();
        int moved = 0;
        for (QueuedItem item : store.claim(tx, source.group(), now, Lease.until("move", now.plusSeconds(1)), visible)) {
            String origin = item.item().attributes().get(ORIGIN);
            Optional<Queue> target = destination != null
                    ? Optional.of(destination)
                    : origin == null ? Optional.empty() : queues.find(tx, origin);
            if (target.isPresent()) {
                moveTo(tx, target.get(), item, Map.of(), now);
                moved++;
            } else {
                store.release(tx, item.id());
            }
        }
        return moved;
    }

    @Override
    public void delete(String queueName, String receiptHandle) {
        ReceiptHandle handle = ReceiptHandle.parse(receiptHandle);
        db.transaction(tx -> {
            delete(tx, queue(tx, queueName), handle);
            return null;
        });
    }

    private void delete(Transaction tx, Queue queue, ReceiptHandle handle) {
        if (!handle.group().equals(queue.group())) {
            throw SqsErrors.receiptHandleIsInvalid(handle.encode());
        }
        Optional<QueuedItem> item = store.inspect(tx, handle.messageId());
        if (item.isPresent() && state(item.get()).deletableWith(handle.receipt())) {
            store.complete(tx, handle.messageId());
        }
    }

    /** Deletes each entry's message; an entry whose handle is not valid fails alone. */
    public Batch<Void> deleteBatch(String queueName, List<Batch.Entry<String>> entries) {
        MessageChecks.batch(entries);
        return db.transaction(tx -> {
            Queue queue = queue(tx, queueName);
            return each(entries, handle -> delete(tx, queue, ReceiptHandle.parse(handle)));
        });
    }

    @Override
    public void changeVisibility(String queueName, String receiptHandle, int timeoutSeconds) {
        checkVisibilityTimeout(timeoutSeconds);
        ReceiptHandle handle = ReceiptHandle.parse(receiptHandle);
        db.transaction(tx -> {
            changeVisibility(tx, queue(tx, queueName), handle, timeoutSeconds);
            return null;
        });
    }

    /** The timeout of a ChangeMessageVisibilityBatch entry. */
    public record VisibilityChange(String receiptHandle, int timeoutSeconds) {}

    /** Changes each entry's visibility; an entry that cannot be changed fails alone. */
    public Batch<Void> changeVisibilityBatch(String queueName, List<Batch.Entry<VisibilityChange>> entries) {
        MessageChecks.batch(entries);
        return db.transaction(tx -> {
            Queue queue = queue(tx, queueName);
            return each(entries, change -> {
                checkVisibilityTimeout(change.timeoutSeconds());
                changeVisibility(tx, queue, ReceiptHandle.parse(change.receiptHandle()), change.timeoutSeconds());
            });
        });
    }

    private void changeVisibility(Transaction tx, Queue queue, ReceiptHandle handle, int timeoutSeconds) {
        if (!handle.group().equals(queue.group())) {
            throw SqsErrors.receiptHandleIsInvalid(handle.encode());
        }
        QueuedItem item = store.inspect(tx, handle.messageId())
                .orElseThrow(() -> SqsErrors.invalidParameter("Value " + handle.encode()
                        + " for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not"
                        + " available for visibility timeout change."));
        Instant now = clock.instant();
        Visibility.InFlight next =
                state(item).changeVisibility(handle.receipt(), now, Duration.ofSeconds(timeoutSeconds));
        store.renew(tx, item.id(), handle.receipt(), next.until(), item.item().attributes());
        if (timeoutSeconds == 0) {
            tx.afterCommit(() -> arrivals.arrived(queue.group()));
        }
    }

    private interface EntryWork<R> {
        void run(R request);
    }

    private static <R> Batch<Void> each(List<Batch.Entry<R>> entries, EntryWork<R> work) {
        List<Batch.Success<Void>> ok = new ArrayList<>();
        List<Batch.Failure> failed = new ArrayList<>();
        for (Batch.Entry<R> entry : entries) {
            try {
                work.run(entry.request());
                ok.add(new Batch.Success<>(entry.id(), null));
            } catch (AwsException e) {
                failed.add(failure(entry.id(), e));
            }
        }
        return new Batch<>(ok, failed);
    }

    private static Batch.Failure failure(String id, AwsException e) {
        return new Batch.Failure(id, e.fault() == AwsException.Fault.SENDER, e.code(), e.getMessage());
    }

    /** A queue's messages by state, for its Approximate… attributes. */
    public QueueCounts counts(Transaction tx, Queue queue) {
        return store.counts(tx, queue.group(), clock.instant());
    }

    /** Removes all of a queue's messages, in flight or not (PurgeQueue, DeleteQueue). */
    public void purge(Transaction tx, Queue queue) {
        store.purge(tx, queue.group());
    }

    /** Removes all of a deleted queue's messages and what it remembered of them. */
    public void delete(Transaction tx, Queue queue) {
        store.purge(tx, queue.group());
        deduplication.forget(tx, queue.group());
    }

    /** Wakes the receives waiting on a deleted queue, which then find it gone. */
    public void forget(Queue queue) {
        arrivals.forget(queue.group());
    }

    /** Wakes every waiting receive for good: the node is closing. */
    public void close() {
        arrivals.close();
    }

    private Visibility state(QueuedItem item) {
        Lease lease = item.lease();
        return Visibility.at(
                item.item().dueAt(),
                lease == null ? null : lease.owner(),
                lease == null ? null : lease.until(),
                clock.instant());
    }

    private Queue queue(Transaction tx, String name) {
        return queues.find(tx, name).orElseThrow(SqsErrors::queueDoesNotExist);
    }

    private static void checkVisibilityTimeout(int seconds) {
        if (seconds < 0 || seconds > 43_200) {
            throw SqsErrors.invalidParameter("Value " + seconds
                    + " for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200 seconds.");
        }
    }

    /** A version 4 UUID, as SQS's message ids look. */
    private String newMessageId() {
        return RandomUuid.from(messageIds);
    }

    private String newReceipt() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
