package dev.lamina.sqs.message;

import dev.lamina.sqs.queue.QueueStore;
import dev.lamina.storage.queue.WorkQueue;

/**
 * Where {@link Messages} keeps what it knows, all in one database so that one transaction spans them.
 *
 * @param messages every queue's messages, grouped by queue (and by message group in a FIFO queue)
 * @param queues the queues themselves
 * @param deduplication FIFO queues' deduplication ids and sequence numbers
 */
public record MessageStores(WorkQueue messages, QueueStore queues, Deduplication deduplication) {}
