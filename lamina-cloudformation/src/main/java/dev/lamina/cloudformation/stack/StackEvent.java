package dev.lamina.cloudformation.stack;

import java.time.Instant;

/** One line of a stack's history, as DescribeStackEvents lists it. */
public record StackEvent(
        String stackId,
        String eventId,
        String stackName,
        String logicalId,
        String physicalId,
        String resourceType,
        Instant timestamp,
        String status,
        String reason) {}
