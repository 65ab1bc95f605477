package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.core.Ticker;
import dev.lamina.spi.lambda.InvocationResult;
import dev.lamina.spi.lambda.InvocationTrigger;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.lambda.SyncInvocation;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one self-managed Kafka mapping's topic as its consumer group and invokes its function with
 * batches, at least once: a batch's offsets are committed to the group only after the function
 * handled it, so they are where the group resumes after a restart, on this node or another. A batch
 * the function fails (or that cannot be invoked) is read again from its first offset in each
 * partition after a pause, never skipped; records of one partition reach the function in offset
 * order. Records no filter matches are dropped (committed without an invocation).
 *
 * <p>One virtual thread owns the consumer (Kafka's consumer is not thread-safe): {@link #stop} only
 * sets a flag and wakes it ({@link KafkaConsumer#wakeup}); the thread leaves its poll or commit and
 * closes the consumer itself. A batch being invoked ends first, committed only if it succeeded.
 */
final class KafkaPoller implements Poller {
    private static final Logger LOG = Logger.getLogger(KafkaPoller.class.getName());
    /** How long one poll waits for a first record. */
    private static final Duration POLL = Duration.ofSeconds(1);
    /** The pause after a failed batch, or a failed consumer, before reading again. */
    private static final long BACKOFF_MILLIS = 1000;
    /** How long {@link #stop} waits for the consumer to leave its group and close. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final EventSourceMapping mapping;
    private final KafkaSettings kafka;
    private final List<FilterPattern> filters;
    private final Lambda lambda;
    private final ObjectMapper json;
    private final Ticker ticker;
    private final Consumer<String> onResult;
    /** Records read past a full batch, handed to the next batch. Owned by the poller's thread. */
    private final Deque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();

    private volatile boolean stopped;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /** @param onResult told Lambda's words for how each batch went ({@code OK}, {@code PROBLEM: …}) */
    KafkaPoller(
            EventSourceMapping mapping,
            List<FilterPattern> filters,
            Lambda lambda,
            ObjectMapper json,
            Ticker ticker,
            Consumer<String> onResult) {
        this.mapping = mapping;
        this.kafka = mapping.kafka();
        this.filters = List.copyOf(filters);
        this.lambda = lambda;
        this.json = json;
        this.ticker = ticker;
        this.onResult = onResult;
    }

    /** The consumer's settings: the mapping's group, manual commits, at most a batch per poll. */
    static Properties properties(KafkaSettings kafka, int batchSize) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServersList());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.consumerGroupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                kafka.startingPosition().equals(StreamSettings.TRIM_HORIZON) ? "earliest" : "latest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(batchSize));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "lamina-esm-" + kafka.consumerGroupId());
        return p;
    }

    @Override
    public synchronized void start() {
        thread = Thread.ofVirtual().name("esm-" + mapping.uuid()).start(this::run);
    }

    /**
     * Stops polling: wakes the consumer's thread, which closes the consumer (leaving the group, so a
     * consumer that joins it next, on this node after a restart or on another, need not wait out this
     * one's session), and waits up to {@link #CLOSE_WAIT} for that. The thread is not interrupted: an
     * interrupted consumer may close without leaving its group. A batch being invoked ends first, in
     * the background when it takes longer.
     */
    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            stopped = true;
            KafkaConsumer<byte[], byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
            t = thread;
        }
        if (t != null) {
            try {
                t.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (!stopped) {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                    properties(kafka, mapping.batchSize()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                synchronized (this) {
                    consumer = c;
                    if (stopped) {
                        return;
                    }
                }
                c.subscribe(List.of(kafka.topic()));
                pending.clear();
                poll(c);
            } catch (WakeupException | InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
                return; // stopped
            } catch (KafkaException e) {
                if (stopped) {
                    return;
                }
                LOG.log(Level.WARNING, "event source mapping " + mapping.uuid() + ": polling failed", e);
                onResult.accept("PROBLEM: " + e.getMessage());
                try {
                    TimeUnit.MILLISECONDS.sleep(BACKOFF_MILLIS);
                } catch (InterruptedException stop) {
                    return;
                }
            } finally {
                consumer = null;
            }
        }
    }

    /** Gathers, invokes and commits batches until stopped. */
    private void poll(KafkaConsumer<byte[], byte[]> c) throws InterruptedException {
        while (!stopped) {
            List<ConsumerRecord<byte[], byte[]>> batch = gather(c);
            if (batch.isEmpty()) {
                continue;
            }
            if (handle(batch)) {
                c.commitSync(next(batch));
                onResult.accept("OK"); // once committed: the batch will not come again
            } else {
                List<ConsumerRecord<byte[], byte[]>> unhandled = new ArrayList<>(batch);
                unhandled.addAll(pending);
                pending.clear();
                for (Map.Entry<TopicPartition, Long> first : first(unhandled).entrySet()) {
                    c.seek(first.getKey(), first.getValue());
                }
                TimeUnit.MILLISECONDS.sleep(BACKOFF_MILLIS);
            }
        }
    }

    /**
     * Up to BatchSize records: what one poll brings, or, with a batching window, what the polls within
     * the window after the first record bring. Records past a full batch wait in {@link #pending}.
     */
    private List<ConsumerRecord<byte[], byte[]>> gather(KafkaConsumer<byte[], byte[]> c) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        take(batch);
        if (batch.isEmpty()) {
            c.poll(POLL).forEach(pending::add);
            take(batch);
        }
        long window = TimeUnit.SECONDS.toNanos(mapping.batchingWindowSeconds());
        long start = ticker.nanoTime();
        while (!batch.isEmpty() && batch.size() < mapping.batchSize() && !stopped) {
            long left = window - (ticker.nanoTime() - start);
            if (left <= 0) {
                break;
            }
            c.poll(Duration.ofNanos(Math.min(left, POLL.toNanos()))).forEach(pending::add);
            take(batch);
        }
        return batch;
    }

    private void take(List<ConsumerRecord<byte[], byte[]>> batch) {
        while (batch.size() < mapping.batchSize() && !pending.isEmpty()) {
            batch.add(pending.poll());
        }
    }

    /** Filters and invokes one batch; whether the function handled it (or no record was left to send). */
    private boolean handle(List<ConsumerRecord<byte[], byte[]>> batch) {
        List<ObjectNode> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            ObjectNode record = KafkaBatch.record(json, r);
            if (filters.isEmpty() || filters.stream().anyMatch(f -> f.matches(KafkaBatch.forFilters(json, record)))) {
                records.add(record);
            }
        }
        if (records.isEmpty()) {
            return true;
        }
        byte[] event = KafkaBatch.event(json, kafka.bootstrapServersList(), records);
        InvocationResult result;
        try {
            result = lambda.invoke(new SyncInvocation(
                            mapping.function(), mapping.qualifier(), event, null, InvocationTrigger.PUBSUB))
                    .join();
        } catch (CompletionException | AwsException e) {
            Throwable cause = e instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : e;
            onResult.accept("PROBLEM: " + cause.getMessage());
            return false;
        }
        if (result.failed()) {
            onResult.accept("PROBLEM: Function call failed");
        }
        return !result.failed();
    }

    /** The offsets to commit after {@code batch}: each partition's last offset in it, plus one. */
    static Map<TopicPartition, OffsetAndMetadata> next(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            out.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        return out;
    }

    /** Where to read again after a failed batch: each partition's first offset in {@code unhandled}, the batch and what was read past it. */
    static Map<TopicPartition, Long> first(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            out.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
        }
        return out;
    }
}
