package dev.lamina.kinesis.stream;

import java.time.Instant;

/**
 * Where a stream is in its life: {@link Creating} until its shards are ready, then {@link Active},
 * {@link Updating} for a while after a split or merge (records are still written and read, but its
 * shards may not change again until it is active).
 * Kinesis takes seconds to create a stream and clients wait for it ({@code waitUntilStreamExists},
 * {@code aws kinesis wait stream-exists} poll DescribeStream until {@code ACTIVE}); the node makes
 * its shards at once but keeps the stream {@code CREATING} for a short, configured while so that a
 * client that does not wait meets what it would meet on AWS. Transitions are pure over the time
 * given. Records are written and read only while the stream {@link #acceptsRecords()}.
 */
public sealed interface StreamState {
    /** Kinesis's name of this state: {@code CREATING}, {@code ACTIVE}. */
    String status();

    /** This state as of {@code now}: a stream whose creation is over is {@link Active}. */
    StreamState at(Instant now);

    /** Whether PutRecord, GetShardIterator and GetRecords may use the stream. */
    default boolean acceptsRecords() {
        return !(this instanceof Creating);
    }

    /** When a passing state ends ({@code null} for {@link Active}). */
    Instant until();

    /** The state stored as {@code status} until {@code until}, as {@link #status()} and {@link #until()} give them. */
    static StreamState of(String status, Instant until) {
        return switch (status) {
            case "CREATING" -> new Creating(until);
            case "UPDATING" -> new Updating(until);
            default -> new Active();
        };
    }

    /** A state that passes by itself: the stream is {@link Active} from {@link #activeAt}. */
    sealed interface Passing extends StreamState permits Creating, Updating {
        Instant activeAt();

        @Override
        default StreamState at(Instant now) {
            return now.isBefore(activeAt()) ? this : new Active();
        }

        @Override
        default Instant until() {
            return activeAt();
        }
    }

    /** Creating; active from {@code activeAt}. */
    record Creating(Instant activeAt) implements Passing {
        @Override
        public String status() {
            return "CREATING";
        }
    }

    /** Resharding; active again from {@code activeAt}. */
    record Updating(Instant activeAt) implements Passing {
        @Override
        public String status() {
            return "UPDATING";
        }
    }

    /** Ready for records and changes. */
    record Active() implements StreamState {
        @Override
        public String status() {
            return "ACTIVE";
        }

        @Override
        public StreamState at(Instant now) {
            return this;
        }

        @Override
        public Instant until() {
            return null;
        }
    }
}
