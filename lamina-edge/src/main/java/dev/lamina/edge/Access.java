package dev.lamina.edge;

import java.util.Objects;

/**
 * What a request asks to do, in IAM's words: an action such as {@code s3:GetObject} and the ARN of the
 * resource it acts on, such as {@code arn:aws:s3:::photos/cat.jpg}, or {@code *} for an action on no
 * one resource (ListBuckets, ListQueues).
 */
public record Access(String action, String resource) {
    public Access {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        if (action.indexOf(':') <= 0) {
            throw new IllegalArgumentException("an action is <service prefix>:<name>: " + action);
        }
    }

    /** {@code <prefix>:<operation>} on {@code *}: how a service that names no resource is asked of. */
    public static Access ofOperation(String prefix, String operation) {
        return new Access(prefix + ":" + operation, "*");
    }
}
