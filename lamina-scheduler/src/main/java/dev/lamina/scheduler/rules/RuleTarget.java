package dev.lamina.scheduler.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A rule's target as PutTargets gave it: its id, its ARN, what it is sent ({@code input} replaces the
 * event, {@code inputPath} picks a part of it), and the whole document, given back by ListTargetsByRule.
 */
public record RuleTarget(String id, String arn, String input, String inputPath, ObjectNode document) {
    public RuleTarget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(arn, "arn");
        document = document.deepCopy();
    }

    @Override
    public ObjectNode document() {
        return document.deepCopy();
    }
}
