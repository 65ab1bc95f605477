package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.spi.lambda.InvocationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a shard's worker does after an invocation, as Lambda does for streams: a batch that succeeded
 * moves the checkpoint past it; one that failed is bisected (if asked; a split does not use up a
 * retry), retried, or, once its retries or its oldest record's age run out, discarded (its record
 * sent to the OnFailure destination) and passed. With {@code ReportBatchItemFailures}, what precedes
 * the first failed record counts as done; {@link #outcome} reads an answer as an outcome. Pure: time
 * comes in as {@code now}.
 */
final class StreamRetry {
    /** The longest pause between two attempts of a failing batch. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private StreamRetry() {}

    /**
     * The records read and not yet checkpointed, in order; an attempt covers the first {@code size}.
     *
     * @param retries how often these first {@code size} records have been retried
     */
    record Attempt(List<StreamItem> held, int size, int retries) {
        Attempt {
            held = List.copyOf(held);
            if (size < 1 || size > held.size()) {
                throw new IllegalArgumentException("an attempt covers 1 to " + held.size() + " records");
            }
        }

        /** The first attempt at records just read. */
        static Attempt of(List<StreamItem> read) {
            return new Attempt(read, read.size(), 0);
        }

        List<StreamItem> batch() {
            return held.subList(0, size);
        }
    }

    /** How an invocation ended. */
    sealed interface Outcome {
        record Success() implements Outcome {}

        /** The function reported failures: the first failed record (by position) is at {@code index}. */
        record Partial(int index) implements Outcome {}

        record Failure() implements Outcome {}
    }

    /**
     * What follows an attempt.
     *
     * @param checkpoint the position to store, or {@code null} to leave it
     * @param discarded the records given up on (their batch goes to OnFailure), else empty
     * @param condition why they were given up on ({@code RetryAttemptsExhausted}, {@code
     *     RecordAgeExceeded}), else {@code null}
     * @param next the next attempt at held records, or {@code null} to read on
     * @param delay how long to wait before {@code next}
     */
    record Step(String checkpoint, List<StreamItem> discarded, String condition, Attempt next, Duration delay) {}

    static Step after(StreamSettings settings, Attempt attempt, Outcome outcome, Instant now) {
        return switch (outcome) {
            case Outcome.Success s -> done(attempt, attempt.size());
            case Outcome.Partial p
            when p.index() > 0 && p.index() < attempt.size() -> {
                Step passed = done(attempt, p.index());
                List<StreamItem> rest =
                        attempt.held().subList(p.index(), attempt.held().size());
                Step failing =
                        failed(settings, new Attempt(rest, attempt.size() - p.index(), attempt.retries()), now, false);
                yield new Step(
                        failing.checkpoint() != null ? failing.checkpoint() : passed.checkpoint(),
                        failing.discarded(),
                        failing.condition(),
                        failing.next(),
                        failing.delay());
            }
            case Outcome.Partial p -> failed(settings, attempt, now, false);
            case Outcome.Failure f -> failed(settings, attempt, now, settings.bisectOnError());
        };
    }

    /**
     * What to do before invoking {@code attempt}: its leading records older than
     * MaximumRecordAgeInSeconds are not sent but discarded ({@code RecordAgeExceeded}) and passed;
     * {@code null} when none is (records arrive in order, so the old ones lead).
     */
    static Step expire(StreamSettings settings, Attempt attempt, Instant now) {
        if (settings.maximumRecordAgeSeconds() < 0) {
            return null;
        }
        int old = 0;
        for (StreamItem item : attempt.batch()) {
            if (Duration.between(item.arrival(), now).getSeconds() < settings.maximumRecordAgeSeconds()) {
                break;
            }
            old++;
        }
        if (old == 0) {
            return null;
        }
        Step passed = done(attempt, old);
        return new Step(
                passed.checkpoint(), attempt.held().subList(0, old), "RecordAgeExceeded", passed.next(), Duration.ZERO);
    }

    /** The pause before the {@code retries}-th retry: doubling from 100 ms, at most {@link #MAX_BACKOFF}. */
    static Duration backoff(int retries) {
        if (retries <= 0) {
            return Duration.ZERO;
        }
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(retries - 1, 16));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /** The first {@code count} held records are done: checkpoint the last; the rest go next, whole. */
    private static Step done(Attempt attempt, int count) {
        List<StreamItem> held = attempt.held();
        String checkpoint = held.get(count - 1).sequenceNumber();
        List<StreamItem> rest = held.subList(count, held.size());
        Attempt next = rest.isEmpty() ? null : Attempt.of(rest);
        return new Step(checkpoint, List.of(), null, next, Duration.ZERO);
    }

    private static Step failed(StreamSettings settings, Attempt attempt, Instant now, boolean bisect) {
        if (bisect && attempt.size() > 1) {
            Attempt half = new Attempt(attempt.held(), attempt.size() / 2, attempt.retries());
            return new Step(null, List.of(), null, half, Duration.ZERO);
        }
        int retries = attempt.retries() + 1;
        String condition = null;
        if (settings.maximumRetryAttempts() >= 0 && retries > settings.maximumRetryAttempts()) {
            condition = "RetryAttemptsExhausted";
        } else if (settings.maximumRecordAgeSeconds() >= 0
                && Duration.between(attempt.held().getFirst().arrival(), now).getSeconds()
                        >= settings.maximumRecordAgeSeconds()) {
            condition = "RecordAgeExceeded";
        }
        if (condition == null) {
            return new Step(
                    null, List.of(), null, new Attempt(attempt.held(), attempt.size(), retries), backoff(retries));
        }
        Step passed = done(attempt, attempt.size());
        return new Step(passed.checkpoint(), attempt.batch(), condition, passed.next(), Duration.ZERO);
    }

    /** How an invocation of {@code batch} ended, by Lambda's rules for {@code ReportBatchItemFailures}. */
    static Outcome outcome(
            ObjectMapper json, InvocationResult result, List<StreamItem> batch, boolean reportsItemFailures) {
        if (result.failed()) {
            return new Outcome.Failure();
        }
        List<String> ids = batch.stream().map(StreamItem::sequenceNumber).toList();
        var failed = SqsBatch.failed(json, result, ids, reportsItemFailures);
        if (failed.isEmpty()) {
            return new Outcome.Success();
        }
        for (int i = 0; i < ids.size(); i++) {
            if (failed.contains(ids.get(i))) {
                return i == 0 ? new Outcome.Failure() : new Outcome.Partial(i);
            }
        }
        return new Outcome.Failure();
    }
}
