package dev.lamina.sqs;

import dev.lamina.core.AwsException;
import dev.lamina.sqs.message.Messages;
import dev.lamina.sqs.message.RandomUuid;
import dev.lamina.sqs.queue.Queue;
import dev.lamina.sqs.queue.QueueStore;
import dev.lamina.sqs.queue.RedrivePolicy;
import dev.lamina.sqs.queue.SqsErrors;
import dev.lamina.storage.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Dead-letter queue redrive (StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask). A
 * task moves every visible message of its dead-letter queue at once, in one transaction, so it is
 * {@code COMPLETED} when StartMessageMoveTask answers and there is never a running one to cancel; SQS
 * moves at a rate over time, which a client cannot tell from a fast move. The moves are durable; the
 * list of tasks is kept in memory (the latest ten per queue) and starts empty at each start.
 */
public final class MoveTasks {
    private static final int KEPT = 10;

    /** One task as ListMessageMoveTasks reports it. */
    public record Task(
            String handle,
            String status,
            String sourceArn,
            String destinationArn,
            Integer maxPerSecond,
            int moved,
            int toMove,
            Instant started) {}

    private final Transactions db;
    private final QueueStore store;
    private final Messages messages;
    private final Queues queues;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final Map<String, List<Task>> bySource = new ConcurrentHashMap<>();

    public MoveTasks(
            Transactions db,
            QueueStore store,
            Messages messages,
            Queues queues,
            InstantSource clock,
            RandomGenerator random) {
        this.db = db;
        this.store = store;
        this.messages = messages;
        this.queues = queues;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Moves the dead-letter queue {@code sourceArn}'s messages to {@code destinationArn}, or back to
     * where each came from when it is {@code null}; returns the task's handle.
     */
    public String start(String sourceArn, String destinationArn, Integer maxPerSecond) {
        if (sourceArn == null || sourceArn.isEmpty()) {
            throw SqsErrors.missingParameter("SourceArn");
        }
        if (maxPerSecond != null && (maxPerSecond < 1 || maxPerSecond > 500)) {
            throw SqsErrors.invalidParameter("MaxNumberOfMessagesPerSecond must be between 1 and 500.");
        }
        Task task = db.transaction(tx -> {
            Queue source = store.find(tx, queues.nameOfArn(sourceArn)).orElseThrow(() -> notFound(sourceArn));
            boolean deadLetterQueue = store.list(tx, "", null, Integer.MAX_VALUE).stream()
                    .anyMatch(q -> q.redrive()
                            .map(RedrivePolicy::deadLetterTargetArn)
                            .filter(sourceArn::equals)
                            .isPresent());
            if (!deadLetterQueue) {
                throw SqsErrors.invalidParameter("Source queue must be configured as a Dead Letter Queue.");
            }
            Queue destination = destinationArn == null || destinationArn.isEmpty()
                    ? null
                    : store.find(tx, queues.nameOfArn(destinationArn)).orElseThrow(() -> notFound(destinationArn));
            int visible = messages.counts(tx, source).ready();
            int moved = messages.moveAll(tx, source, destination);
            return new Task(
                    RandomUuid.from(random),
                    "COMPLETED",
                    sourceArn,
                    destinationArn,
                    maxPerSecond,
                    moved,
                    visible,
                    clock.instant());
        });
        List<Task> tasks = bySource.computeIfAbsent(sourceArn, s -> new ArrayList<>());
        synchronized (tasks) {
            tasks.addFirst(task);
            if (tasks.size() > KEPT) {
                tasks.removeLast();
            }
        }
        return task.handle();
    }

    /** The latest tasks of a dead-letter queue, newest first, at most {@code max} (1 to 10). */
    public List<Task> list(String sourceArn, int max) {
        if (max < 1 || max > KEPT) {
            throw SqsErrors.invalidParameter("MaxResults must be between 1 and 10.");
        }
        queues.get(queues.nameOfArn(sourceArn));
        List<Task> tasks = bySource.getOrDefault(sourceArn, List.of());
        synchronized (tasks) {
            return List.copyOf(tasks.subList(0, Math.min(max, tasks.size())));
        }
    }

    /** CancelMessageMoveTask: a task here is never running, so there is none to cancel. */
    public int cancel(String handle) {
        throw new AwsException(
                400,
                "ResourceNotFoundException",
                "No running message move task has the handle " + handle + ": tasks here complete when they start.");
    }

    private static AwsException notFound(String arn) {
        return new AwsException(
                400,
                "ResourceNotFoundException",
                "The resource that you specified for the " + "SourceArn or DestinationArn parameter doesn't exist: "
                        + arn);
    }
}
