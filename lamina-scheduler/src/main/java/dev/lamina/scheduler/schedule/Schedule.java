package dev.lamina.scheduler.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An EventBridge Scheduler schedule as it was made or last updated.
 *
 * @param group its schedule group ({@code default} when none was given)
 * @param expression at, rate or cron, as written
 * @param timezone the IANA zone its expression is read in ({@code UTC} when none was given)
 * @param startDate no tick before it, or {@code null}
 * @param endDate no tick after it, or {@code null}
 * @param enabled its State: ENABLED or DISABLED
 * @param windowMinutes its flexible time window, 0 when the mode is OFF
 * @param deleteAfterCompletion ActionAfterCompletion DELETE: it goes once no tick is left
 */
public record Schedule(
        String group,
        String name,
        String arn,
        String expression,
        String timezone,
        Instant startDate,
        Instant endDate,
        String description,
        boolean enabled,
        int windowMinutes,
        Target target,
        boolean deleteAfterCompletion,
        String kmsKeyArn,
        Instant created,
        Instant modified) {
    public Schedule {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(modified, "modified");
    }

    public Duration window() {
        return Duration.ofMinutes(windowMinutes);
    }

    /**
     * A schedule's target: a Lambda function.
     *
     * @param input the Input string, with Scheduler's context placeholders, or {@code null} for none
     * @param maximumRetryAttempts RetryPolicy's, 0–185 (Scheduler's default 185)
     * @param maximumEventAgeSeconds RetryPolicy's, 60–86400 (Scheduler's default 86400)
     * @param deadLetterArn DeadLetterConfig's Arn, kept and given back, or {@code null}
     */
    public record Target(
            String arn,
            String roleArn,
            String input,
            int maximumRetryAttempts,
            int maximumEventAgeSeconds,
            String deadLetterArn) {
        public static final int DEFAULT_RETRY_ATTEMPTS = 185;
        public static final int DEFAULT_EVENT_AGE_SECONDS = 86_400;

        public Target {
            Objects.requireNonNull(arn, "arn");
            Objects.requireNonNull(roleArn, "roleArn");
        }
    }
}
