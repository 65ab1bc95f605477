package dev.lamina.logs;

import dev.lamina.core.AwsException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * The rules a PutLogEvents batch meets, as a pure decision over the batch and the time: at most
 * {@value #MAX_EVENTS} events and {@value #MAX_BYTES} bytes (each message's UTF-8 plus 26), in
 * chronological order, spanning at most 24 hours; then events more than 2 hours ahead of now are
 * rejected as too new, those more than 14 days old as too old, and those older than the group's
 * retention as expired: the rest is accepted.
 *
 * <p>Example, at noon with a retention of 1 day: timestamps [noon − 15 days, noon − 3 days] span
 * more than 24 hours, so the whole batch is refused; [noon − 25 h, noon − 2 h, noon − 1 h] gives {@code
 * expiredLogEventEndIndex} 0 and keeps the last two; [noon, noon + 3 h] gives {@code
 * tooNewLogEventStartIndex} 1 and keeps the first. Caveat: AWS reports an event both too old and expired once, in one of the two
 * fields; here it counts in both.
 */
public final class LogBatch {
    public static final int MAX_EVENTS = 10_000;
    public static final int MAX_BYTES = 1_048_576;
    static final long TOO_NEW = Duration.ofHours(2).toMillis();
    static final long TOO_OLD = Duration.ofDays(14).toMillis();
    static final long MAX_SPAN = Duration.ofHours(24).toMillis();

    private LogBatch() {}

    /** One event as PutLogEvents takes it. */
    public record Input(long timestamp, String message) {}

    /**
     * What happens to a batch: the events kept ({@code from} inclusive to {@code to} exclusive) and
     * the indexes PutLogEvents' {@code rejectedLogEventsInfo} reports, {@code -1} where none.
     */
    public record Verdict(int from, int to, int tooNewStart, int tooOldEnd, int expiredEnd) {
        public boolean anyRejected() {
            return tooNewStart >= 0 || tooOldEnd >= 0 || expiredEnd >= 0;
        }
    }

    /**
     * Judges a batch at {@code now}.
     *
     * @throws AwsException InvalidParameterException when the batch as a whole breaks a rule
     */
    public static Verdict judge(List<Input> events, long now, OptionalInt retentionDays) {
        if (events.isEmpty() || events.size() > MAX_EVENTS) {
            throw invalid("1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must"
                    + " have length "
                    + (events.isEmpty() ? "greater than or equal to 1" : "less than or equal to 10000"));
        }
        long bytes = 0;
        for (int i = 0; i < events.size(); i++) {
            Input e = events.get(i);
            if (e.message() == null || e.message().isEmpty()) {
                throw invalid("1 validation error detected: Value '' at 'logEvents." + (i + 1)
                        + ".member.message' failed to satisfy constraint: Member must have length greater than or"
                        + " equal to 1");
            }
            if (i > 0 && e.timestamp() < events.get(i - 1).timestamp()) {
                throw invalid("Log events in a single PutLogEvents request must be in chronological order.");
            }
            bytes += e.message().getBytes(StandardCharsets.UTF_8).length + 26L;
        }
        if (bytes > MAX_BYTES) {
            throw invalid("Upload too large: " + bytes + " bytes exceeds limit of " + MAX_BYTES);
        }
        if (events.getLast().timestamp() - events.getFirst().timestamp() > MAX_SPAN) {
            throw invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }
        long expiredBefore = retentionDays.isPresent()
                ? now - Duration.ofDays(retentionDays.getAsInt()).toMillis()
                : Long.MIN_VALUE;
        int tooOldEnd = -1;
        int expiredEnd = -1;
        int tooNewStart = -1;
        for (int i = 0; i < events.size(); i++) {
            long ts = events.get(i).timestamp();
            if (ts < now - TOO_OLD) {
                tooOldEnd = i;
            }
            if (ts < expiredBefore) {
                expiredEnd = i;
            }
            if (ts > now + TOO_NEW && tooNewStart < 0) {
                tooNewStart = i;
            }
        }
        int from = Math.max(tooOldEnd, expiredEnd) + 1;
        int to = tooNewStart < 0 ? events.size() : tooNewStart;
        return new Verdict(from, Math.max(from, to), tooNewStart, tooOldEnd, expiredEnd);
    }

    private static AwsException invalid(String message) {
        return new AwsException(400, "InvalidParameterException", message);
    }
}
