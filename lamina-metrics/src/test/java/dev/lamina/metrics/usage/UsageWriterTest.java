package dev.lamina.metrics.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageWriterTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    /** Keeps what it is given, a batch a call; refuses when told to. */
    private static final class Kept implements UsageStore {
        final List<List<UsageRecord>> batches = new ArrayList<>();
        boolean refuse;

        @Override
        public void append(List<UsageRecord> records) {
            if (refuse) {
                throw new IllegalStateException("disk full");
            }
            batches.add(List.copyOf(records));
        }

        @Override
        public List<UsageTotal> totals(UsageQuery query) {
            return List.of();
        }
    }

    @Test
    void drainWritesWhatTheBufferHoldsInBatches() {
        Kept store = new Kept();
        UsageWriter writer = new UsageWriter(store, 5_000);
        for (int i = 0; i < 2_500; i++) {
            writer.ended(Reports.report(clock, "f", "x86_64", 128, i + 1));
        }
        assertEquals(2_500, writer.drain());
        assertEquals(
                List.of(1_000, 1_000, 500),
                store.batches.stream().map(List::size).toList());
        assertEquals(1, store.batches.getFirst().getFirst().billedMs());
        assertEquals(0, writer.pending());
    }

    @Test
    void aFullBufferDropsAndCountsRatherThanBlock() {
        Kept store = new Kept();
        UsageWriter writer = new UsageWriter(store, 2);
        for (int i = 0; i < 5; i++) {
            writer.ended(Reports.report(clock, "f", "x86_64", 128, 10));
        }
        assertEquals(3, writer.dropped());
        assertEquals(2, writer.drain());
    }

    @Test
    void aBatchTheStoreRefusesIsLostAndTheNextIsKept() {
        Kept store = new Kept();
        UsageWriter writer = new UsageWriter(store, 10);
        writer.ended(Reports.report(clock, "f", "x86_64", 128, 10));
        store.refuse = true;
        assertEquals(0, writer.drain());
        store.refuse = false;
        writer.ended(Reports.report(clock, "g", "x86_64", 128, 10));
        assertEquals(1, writer.drain());
        assertEquals("g", store.batches.getFirst().getFirst().function());
    }

    @Test
    void closeWritesWhatIsLeft() {
        Kept store = new Kept();
        UsageWriter writer = new UsageWriter(store, 10);
        writer.ended(Reports.report(clock, "f", "x86_64", 128, 10));
        writer.close(); // never started: close alone drains
        assertEquals(1, store.batches.size());
    }
}
