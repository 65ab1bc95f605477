package dev.lamina.cloudformation.stack;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A change set: a template and parameters proposed for a stack, with the changes they would make.
 * Its status is {@code CREATE_COMPLETE} once computed (or {@code FAILED} with a reason, such as no
 * changes); its execution status goes {@code AVAILABLE} → {@code EXECUTE_IN_PROGRESS} →
 * {@code EXECUTE_COMPLETE} / {@code EXECUTE_FAILED}, or {@code UNAVAILABLE} when it failed, or
 * {@code OBSOLETE} once another change set of the stack ran.
 *
 * @param type {@code CREATE} or {@code UPDATE}
 */
public record ChangeSet(
        String id,
        String name,
        String stackId,
        String stackName,
        String type,
        String status,
        String statusReason,
        String executionStatus,
        String description,
        Instant created,
        String templateBody,
        Map<String, String> parameters,
        List<String> capabilities,
        List<Change> changes) {

    public ChangeSet {
        parameters = Map.copyOf(parameters);
        capabilities = List.copyOf(capabilities);
        changes = List.copyOf(changes);
    }

    /** One resource's change: {@code Add}, {@code Modify} or {@code Remove}; replacement {@code True}/{@code False} for a Modify. */
    public record Change(String action, String logicalId, String physicalId, String type, String replacement) {}

    public ChangeSet withExecutionStatus(String next) {
        return new ChangeSet(
                id,
                name,
                stackId,
                stackName,
                type,
                status,
                statusReason,
                next,
                description,
                created,
                templateBody,
                parameters,
                capabilities,
                changes);
    }
}
