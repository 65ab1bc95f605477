package dev.lamina.storage.outbox;

import java.time.Instant;
import java.util.Objects;

/**
 * An entry of the {@link Outbox} as its relay hands it to a handler.
 *
 * @param seq its place in the outbox: entries of one topic and key are delivered in this order; never
 *     given to another entry, so a receiver may key on it
 * @param topic what it is about, which picks its handler
 * @param key what it is ordered within, under its topic ({@link Outbox#NO_KEY} for the whole topic)
 * @param payload what the transaction that appended it said, untouched
 * @param appendedAt when that transaction appended it
 * @param attempts how many deliveries failed so far
 */
public record OutboxEntry(long seq, String topic, String key, byte[] payload, Instant appendedAt, int attempts) {

    public OutboxEntry {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(appendedAt, "appendedAt");
    }
}
