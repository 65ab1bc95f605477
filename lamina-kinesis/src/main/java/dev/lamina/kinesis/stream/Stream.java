package dev.lamina.kinesis.stream;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A Kinesis data stream as stored: its name, when it was created (which also tells a stream from an
 * older one of the same name), mode, retention, state, tags, and the index its next shard takes.
 */
public record Stream(
        String name,
        Instant created,
        StreamMode mode,
        int retentionHours,
        StreamState state,
        Map<String, String> tags,
        int nextShard) {

    /** Kinesis's default retention, 24 hours; it may be raised to {@link #MAX_RETENTION_HOURS}. */
    public static final int DEFAULT_RETENTION_HOURS = 24;

    public static final int MAX_RETENTION_HOURS = 8760;

    public Stream {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(state, "state");
        tags = Map.copyOf(tags);
    }

    public String arn(String region, String account) {
        return "arn:aws:kinesis:" + region + ":" + account + ":stream/" + name;
    }

    /** This stream as of {@code now} (a creation that is over is {@link StreamState.Active}). */
    public Stream at(Instant now) {
        StreamState next = state.at(now);
        return next == state ? this : new Stream(name, created, mode, retentionHours, next, tags, nextShard);
    }

    public Stream withRetention(int hours) {
        return new Stream(name, created, mode, hours, state, tags, nextShard);
    }

    public Stream withTags(Map<String, String> newTags) {
        return new Stream(name, created, mode, retentionHours, state, newTags, nextShard);
    }

    /** This stream resharded: {@code UPDATING} until {@code until}, its next shard at {@code nextIndex}. */
    public Stream resharded(int nextIndex, Instant until) {
        return new Stream(name, created, mode, retentionHours, new StreamState.Updating(until), tags, nextIndex);
    }
}
