package dev.lamina.scheduler;

import dev.lamina.spi.lambda.EventInvocation;
import dev.lamina.spi.lambda.FunctionListener;
import dev.lamina.spi.lambda.FunctionRef;
import dev.lamina.spi.lambda.InvocationResult;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.lambda.SyncInvocation;
import dev.lamina.storage.Database;
import dev.lamina.storage.outbox.OutboxRelay;
import dev.lamina.storage.outbox.SqliteOutbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The schedules module on a real SQLite file, fired by hand with a clock the test moves; Lambda is a
 * recorder of what it was asked to queue.
 */
final class Harness implements AutoCloseable {
    final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T10:00:00Z"));
    final List<EventInvocation> invoked = new ArrayList<>();
    private final Database db;
    OutboxRelay relay;
    SchedulerService service;

    Harness(Path dir) throws Exception {
        db = new Database(dir.resolve("lamina.db"));
        start();
    }

    /** Builds the module on the database, as a node's start does. */
    void start() throws Exception {
        SqliteOutbox outbox = new SqliteOutbox(db, clock);
        relay = new OutboxRelay(db, outbox, clock, "node", OutboxRelay.Timing.DEFAULT);
        service = new SchedulerService(
                new SchedulerConfig("us-east-1", "000000000000", clock, new Random(1), Duration.ofSeconds(1)),
                db,
                outbox,
                relay,
                new RecordingLambda());
    }

    /** Fires what is due and lets the relay hand it to Lambda; returns the payloads Lambda got. */
    List<String> fire() {
        invoked.clear();
        service.firing().fireDue();
        while (relay.deliverDue() > 0) {
            // one entry per schedule or rule a pass, as the relay's thread does
        }
        return invoked.stream()
                .map(i -> new String(i.payload(), StandardCharsets.UTF_8))
                .toList();
    }

    /** The database, for a test that breaks a row on purpose. */
    Database database() {
        return db;
    }

    @Override
    public void close() throws java.sql.SQLException {
        db.close();
    }

    private final class RecordingLambda implements Lambda {
        @Override
        public CompletableFuture<InvocationResult> invoke(SyncInvocation invocation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String enqueue(EventInvocation invocation) {
            invoked.add(invocation);
            return invocation.requestId();
        }

        @Override
        public Optional<FunctionRef> lookup(String functionNameOrArn, String qualifier) {
            return Optional.empty();
        }

        @Override
        public boolean allowsInvoke(FunctionRef function, String principal, String sourceArn) {
            return true;
        }

        @Override
        public AutoCloseable subscribe(FunctionListener listener) {
            return () -> {};
        }
    }
}
