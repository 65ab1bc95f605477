package dev.lamina.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchWriterTest {
    private final List<List<Integer>> written = new ArrayList<>();

    private int sink(List<Integer> batch) {
        written.add(List.copyOf(batch));
        return batch.size();
    }

    @Test
    void onArrivalWritesBatchesWhileAnyWaitAndNothingWhenNoneDo() {
        BatchWriter<Integer> writer = BatchWriter.onArrival("test", 10, 2, Duration.ofMillis(1), this::sink);
        assertEquals(0, writer.drain());
        assertEquals(List.of(), written, "an empty buffer is not written");
        for (int i = 1; i <= 5; i++) {
            assertTrue(writer.offer(i));
        }
        assertEquals(5, writer.pending());
        assertEquals(5, writer.drain());
        assertEquals(List.of(List.of(1, 2), List.of(3, 4), List.of(5)), written);
        assertEquals(0, writer.pending());
    }

    @Test
    void aBatchTheSinkThrowsOnIsLostAndCountedAndTheNextIsWritten() {
        List<List<Integer>> written = new ArrayList<>();
        BatchWriter<Integer> writer = BatchWriter.onArrival("test", 10, 2, Duration.ofMillis(1), batch -> {
            if (batch.contains(1)) {
                throw new IllegalStateException("the store is broken for this one");
            }
            written.add(List.copyOf(batch));
            return batch.size();
        });
        for (int i = 1; i <= 4; i++) {
            writer.offer(i);
        }
        assertEquals(2, writer.drain());
        assertEquals(List.of(List.of(3, 4)), written);
        assertEquals(2, writer.dropped());
    }

    @Test
    void everyTickWritesAllAsOneBatchEmptyOnesToo() {
        BatchWriter<Integer> writer = BatchWriter.everyTick("test", 10, Duration.ofSeconds(1), this::sink);
        assertEquals(0, writer.drain());
        writer.offer(1);
        writer.offer(2);
        writer.offer(3);
        assertEquals(3, writer.drain());
        assertEquals(List.of(List.of(), List.of(1, 2, 3)), written);
    }

    @Test
    void pastItsCapacityAnItemIsDroppedAndCountedAndCloseWritesWhatIsLeft() {
        BatchWriter<Integer> writer = BatchWriter.onArrival("test", 2, 10, Duration.ofMillis(1), this::sink);
        assertTrue(writer.offer(1));
        assertTrue(writer.offer(2));
        assertFalse(writer.offer(3));
        assertEquals(1, writer.dropped());
        writer.close(); // never started: close alone drains
        assertEquals(List.of(List.of(1, 2)), written);
    }
}
