package dev.lamina.dynamodb.ttl;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A table's Time to Live, as UpdateTimeToLive turns it: {@link Disabled} (every table's start) or
 * {@link Enabled} on one attribute. Transitions are pure and throw DynamoDB's ValidationException
 * where it refuses one (enabling what is on, disabling what is off). Once enabled, an item expires
 * when its attribute is a Number of epoch seconds at or before now, and not more than five years
 * before it (DynamoDB leaves such items alone, so a value in milliseconds, not seconds, never deletes
 * anything by mistake, and neither does a value far in the past).
 *
 * <p>Example: enabled on {@code expires}, now 2026-01-01T00:00:10Z (1767225610): {@code expires = 1767225600}
 * has expired; {@code 1767225611} has not; {@code "1767225600"} (a String) never does; {@code 100} (1970)
 * never does.
 */
public sealed interface TimeToLive {
    /** How far in the past an expiry time may be and still count. */
    Duration OLDEST = Duration.ofDays(5 * 365);

    /** DescribeTimeToLive's {@code TimeToLiveStatus}. */
    String status();

    record Disabled() implements TimeToLive {
        @Override
        public String status() {
            return "DISABLED";
        }
    }

    record Enabled(String attribute) implements TimeToLive {
        public Enabled {
            if (attribute == null || attribute.isEmpty()) {
                throw new IllegalArgumentException("a Time to Live attribute has a name");
            }
        }

        @Override
        public String status() {
            return "ENABLED";
        }
    }

    /** Time to Live on {@code attribute}; DynamoDB's error when it is on already. */
    default TimeToLive enable(String attribute) {
        return switch (this) {
            case Disabled d -> new Enabled(attribute);
            case Enabled e -> throw AwsException.validation("TimeToLive is already enabled");
        };
    }

    /** Time to Live off; DynamoDB's error when it is off already or on another attribute. */
    default TimeToLive disable(String attribute) {
        return switch (this) {
            case Disabled d -> throw AwsException.validation("TimeToLive is already disabled");
            case Enabled e
            when !e.attribute().equals(attribute) ->
                throw AwsException.validation("TimeToLive is active on a different AttributeName: current"
                        + " AttributeName is " + e.attribute());
            case Enabled e -> new Disabled();
        };
    }

    /** Whether {@code item} has expired at {@code now}. */
    default boolean expired(Map<String, AttributeValue> item, Instant now) {
        if (!(this instanceof Enabled(String attribute)) || !(item.get(attribute) instanceof AttributeValue.N n)) {
            return false;
        }
        BigDecimal at = n.value();
        return at.compareTo(BigDecimal.valueOf(now.getEpochSecond())) <= 0
                && at.compareTo(BigDecimal.valueOf(now.minus(OLDEST).getEpochSecond())) >= 0;
    }
}
