package dev.lamina.scheduler.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * An EventBridge rule on the default event bus. Only a rule with a {@code scheduleExpression} fires on
 * this node; one with only an {@code eventPattern} is kept and given back, but no event reaches it (the
 * node has no event bus to match events from yet).
 *
 * @param scheduleExpression rate or cron, or {@code null}
 * @param eventPattern the pattern's JSON text, or {@code null}
 * @param state ENABLED, DISABLED or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
 */
public record Rule(
        String name,
        String arn,
        String scheduleExpression,
        String eventPattern,
        String state,
        String description,
        String roleArn,
        Instant created) {
    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(created, "created");
    }

    public boolean enabled() {
        return !state.equals("DISABLED");
    }

    public Rule withState(String state) {
        return new Rule(name, arn, scheduleExpression, eventPattern, state, description, roleArn, created);
    }
}
