package dev.lamina.kinesis.stream;

import java.time.Instant;

/**
 * Where a stream is in its life: {@link Creating} until its shards are ready, then {@link Active}.
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
        return this instanceof Active;
    }

    /** Creating; active from {@code activeAt}. */
    record Creating(Instant activeAt) implements StreamState {
        @Override
        public String status() {
            return "CREATING";
        }

        @Override
        public StreamState at(Instant now) {
            return now.isBefore(activeAt) ? this : new Active();
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
    }
}
