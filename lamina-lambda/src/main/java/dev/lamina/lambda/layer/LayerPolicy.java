package dev.lamina.lambda.layer;

import java.util.List;

/**
 * Who else may use one layer version: its resource policy's statements, in the order they were added,
 * and the revision that changes with each addition or removal.
 */
public record LayerPolicy(List<Statement> statements, String revisionId) {

    public LayerPolicy {
        statements = List.copyOf(statements);
    }

    /**
     * One statement: it allows {@code lambda:GetLayerVersion} to {@code principal} ({@code *} or an
     * account id), within {@code organizationId} when one is given.
     */
    public record Statement(String sid, String action, String principal, String organizationId) {}
}
