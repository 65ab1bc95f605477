package dev.lamina.dynamodb.stream;

import java.time.Duration;
import java.time.Instant;

/**
 * A table stream's lifecycle: ENABLED while its table writes records to it, then DISABLED (by
 * UpdateTable or DeleteTable) and still readable for {@link #RETENTION}, after which it is gone. Pure.
 */
public sealed interface StreamState {
    /** How long a record, and a disabled stream, stays readable, as on AWS. */
    Duration RETENTION = Duration.ofHours(24);

    /** What DescribeStream's StreamStatus says. */
    String status();

    /** Whether the stream can still be found at {@code now}. */
    boolean readableAt(Instant now);

    /** The state after the stream is turned off at {@code at}; a disabled stream stays as it was. */
    StreamState disable(Instant at);

    /** Records are appended to it. */
    record Enabled() implements StreamState {
        public String status() {
            return "ENABLED";
        }

        public boolean readableAt(Instant now) {
            return true;
        }

        public StreamState disable(Instant at) {
            return new Disabled(at);
        }
    }

    /** Turned off at {@code since}; readable until {@code since + RETENTION}. */
    record Disabled(Instant since) implements StreamState {
        public String status() {
            return "DISABLED";
        }

        public boolean readableAt(Instant now) {
            return now.isBefore(since.plus(RETENTION));
        }

        public StreamState disable(Instant at) {
            return this;
        }
    }
}
