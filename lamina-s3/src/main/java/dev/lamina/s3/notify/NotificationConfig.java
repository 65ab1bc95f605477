package dev.lamina.s3.notify;

import java.util.List;

/**
 * A bucket's notification configuration: where which object changes are told.
 *
 * @param targets its Lambda function and queue configurations, in the order given
 */
public record NotificationConfig(List<Target> targets) {
    public static final NotificationConfig EMPTY = new NotificationConfig(List.of());

    public NotificationConfig {
        targets = List.copyOf(targets);
    }

    /** What a target receives. */
    public enum Kind {
        LAMBDA,
        QUEUE
    }

    /**
     * One configuration: events (such as {@code s3:ObjectCreated:*} or {@code s3:ObjectRemoved:Delete})
     * of keys with a prefix and suffix ({@code null}: any) go to a function or a queue.
     */
    public record Target(String id, Kind kind, String arn, List<String> events, String prefix, String suffix) {
        public Target {
            events = List.copyOf(events);
        }

        /** Whether a change named {@code eventName} (e.g. {@code ObjectCreated:Put}) of {@code key} is told here. */
        public boolean matches(String eventName, String key) {
            if (prefix != null && !key.startsWith(prefix) || suffix != null && !key.endsWith(suffix)) {
                return false;
            }
            String full = "s3:" + eventName;
            for (String event : events) {
                if (event.equals(full)
                        || event.endsWith(":*") && full.startsWith(event.substring(0, event.length() - 1))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The event types S3 takes in a configuration that Lamina sends. */
    public static final List<String> EVENTS = List.of(
            "s3:ObjectCreated:*",
            "s3:ObjectCreated:Put",
            "s3:ObjectCreated:Post",
            "s3:ObjectCreated:Copy",
            "s3:ObjectCreated:CompleteMultipartUpload",
            "s3:ObjectRemoved:*",
            "s3:ObjectRemoved:Delete",
            "s3:ObjectRemoved:DeleteMarkerCreated");
}
