package dev.lamina.logs;

import dev.lamina.core.AwsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.logging.Logger;

/**
 * How long each log group keeps its events, and the sweep that deletes what is past it. A group
 * without a policy of its own keeps the node's default ({@value #DEFAULT_DAYS} days unless the
 * operator chose otherwise); {@code PutRetentionPolicy} sets one of CloudWatch Logs' allowed values,
 * {@code DeleteRetentionPolicy} makes the group's events never expire, as on AWS. A policy is kept in
 * the group's directory ({@code .retention}: a number of days, or {@code never}).
 *
 * <p>{@link #sweep()} is called from one housekeeping thread; it deletes whole segment files whose
 * newest event is older than the group's retention, so an event may outlive it by as long as its
 * segment takes to fill.
 */
public final class LogRetention {
    private static final Logger LOG = Logger.getLogger(LogRetention.class.getName());

    /** The node's default when the operator sets none. */
    public static final int DEFAULT_DAYS = 7;

    /** The values CloudWatch Logs accepts for {@code retentionInDays}. */
    public static final List<Integer> ALLOWED_DAYS =
            List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final String POLICY_FILE = ".retention";
    private static final String NEVER = "never";

    private final LogStore store;
    private final OptionalInt defaultDays;
    private final Clock clock;

    /** @param defaultDays what a group without a policy keeps; empty: forever */
    public LogRetention(LogStore store, OptionalInt defaultDays, Clock clock) {
        defaultDays.ifPresent(LogRetention::requireAllowed);
        this.store = store;
        this.defaultDays = defaultDays;
        this.clock = clock;
    }

    /** The days a group keeps its events; empty when they never expire. */
    public OptionalInt days(String group) {
        try {
            String text =
                    Files.readString(policy(group), StandardCharsets.US_ASCII).strip();
            return text.equals(NEVER) ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text));
        } catch (NoSuchFileException e) {
            return defaultDays;
        } catch (IOException | NumberFormatException e) {
            LOG.warning("unreadable retention policy of " + group + " (" + e + "); keeping the default");
            return defaultDays;
        }
    }

    /** Sets a group's retention; the caller has checked that the group exists. */
    public void put(String group, int days) {
        requireAllowed(days);
        write(group, Integer.toString(days));
    }

    /** Makes a group's events never expire. */
    public void delete(String group) {
        write(group, NEVER);
    }

    /**
     * Deletes, in every group, the files whose newest event is past the group's retention.
     *
     * @return the bytes deleted
     */
    public long sweep() {
        long now = clock.millis();
        long deleted = 0;
        for (String group : store.groups()) {
            OptionalInt days = days(group);
            if (days.isPresent()) {
                deleted += store.expire(
                        group, now - Duration.ofDays(days.getAsInt()).toMillis());
            }
        }
        return deleted;
    }

    /** @throws AwsException CloudWatch Logs' InvalidParameterException for a value it does not allow */
    public static void requireAllowed(int days) {
        if (!ALLOWED_DAYS.contains(days)) {
            throw new AwsException(
                    400,
                    "InvalidParameterException",
                    "1 validation error detected: Value '" + days + "' at 'retentionInDays' failed to satisfy"
                            + " constraint: Member must satisfy enum value set: " + ALLOWED_DAYS);
        }
    }

    private Path policy(String group) {
        return store.groupDir(group).resolve(POLICY_FILE);
    }

    private void write(String group, String value) {
        Path file = policy(group);
        Path tmp = file.resolveSibling(POLICY_FILE + ".tmp");
        try {
            Files.writeString(tmp, value + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
