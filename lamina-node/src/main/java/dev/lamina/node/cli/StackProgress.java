package dev.lamina.node.cli;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code lamina deploy} and {@code lamina delete} make of a stack's status and events while they
 * wait: whether the operation is over and how it went, which events are new since the last look, and
 * one line per event. Pure but for the set of events already printed (one command's thread).
 */
final class StackProgress {
    enum Outcome {
        IN_PROGRESS,
        SUCCEEDED,
        FAILED
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;
    private final Set<String> seen = new HashSet<>();
    private StackApi.Event firstFailure;

    /** Starts after the events of {@code before}: only what happens from now on is printed. */
    StackProgress(List<StackApi.Event> before) {
        before.forEach(e -> seen.add(e.id()));
    }

    /**
     * How a stack's operation stands by its status: {@code *_IN_PROGRESS} goes on; a rollback's end
     * ({@code ROLLBACK_COMPLETE}, {@code UPDATE_ROLLBACK_COMPLETE}) or any {@code *_FAILED} is a
     * failure; any other {@code *_COMPLETE} a success.
     */
    static Outcome outcome(String status) {
        if (status.endsWith("_IN_PROGRESS")) {
            return Outcome.IN_PROGRESS;
        }
        if (status.endsWith("_FAILED") || status.contains("ROLLBACK")) {
            return Outcome.FAILED;
        }
        return Outcome.SUCCEEDED;
    }

    /** The events not printed yet, oldest first, from a listing newest first; marks them printed. */
    List<StackApi.Event> fresh(List<StackApi.Event> newestFirst) {
        List<StackApi.Event> out = new ArrayList<>();
        for (StackApi.Event e : newestFirst.reversed()) {
            if (seen.add(e.id())) {
                out.add(e);
                if (firstFailure == null
                        && e.status().endsWith("_FAILED")
                        && e.reason() != null
                        && !e.reason().isEmpty()) {
                    firstFailure = e;
                }
            }
        }
        return out;
    }

    /** The first resource event seen that failed with a reason: the cause a rollback's reason points to. */
    Optional<StackApi.Event> firstFailure() {
        return Optional.ofNullable(firstFailure);
    }

    /** {@code timestamp  logical id  type  status  reason}, in columns. */
    static String line(StackApi.Event e) {
        String line = String.format(
                "%-24s  %-24s  %-34s  %-20s",
                TIME.format(e.timestamp().truncatedTo(ChronoUnit.MILLIS)), e.logicalId(), e.type(), e.status());
        return e.reason() == null || e.reason().isEmpty() ? line.stripTrailing() : line + "  " + e.reason();
    }
}
