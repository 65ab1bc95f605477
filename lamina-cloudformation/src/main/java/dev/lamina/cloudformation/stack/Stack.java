package dev.lamina.cloudformation.stack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One stack as stored: what it was made from and what it made.
 *
 * @param id its ARN ({@code arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>})
 * @param templateBody the template as the caller sent it (GetTemplate's answer)
 * @param template the template after its transform (what its resources were made from)
 * @param parameters the value of each parameter the template declares
 * @param resources what it made, by logical id, in the order they were made
 * @param outputs each output's key, value and description, as last resolved
 */
public record Stack(
        String id,
        String name,
        StackStatus status,
        String description,
        Instant created,
        Instant updated,
        String templateBody,
        ObjectNode template,
        Map<String, String> parameters,
        Map<String, StackResource> resources,
        List<Output> outputs,
        List<String> capabilities) {

    public Stack {
        parameters = Map.copyOf(parameters);
        resources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(resources));
        outputs = List.copyOf(outputs);
        capabilities = List.copyOf(capabilities);
    }

    /** One output as DescribeStacks lists it. */
    public record Output(String key, String value, String description, String exportName) {}

    public Stack withStatus(StackStatus next) {
        return new Stack(
                id,
                name,
                next,
                description,
                created,
                updated,
                templateBody,
                template,
                parameters,
                resources,
                outputs,
                capabilities);
    }

    public Stack withResources(Map<String, StackResource> next) {
        return new Stack(
                id,
                name,
                status,
                description,
                created,
                updated,
                templateBody,
                template,
                parameters,
                next,
                outputs,
                capabilities);
    }

    public Stack withOutputs(List<Output> next) {
        return new Stack(
                id,
                name,
                status,
                description,
                created,
                updated,
                templateBody,
                template,
                parameters,
                resources,
                next,
                capabilities);
    }

    /** This stack made from another template, as an update or a rollback leaves it. */
    public Stack withTemplate(
            String body,
            ObjectNode next,
            String nextDescription,
            Map<String, String> nextParameters,
            Instant at,
            List<String> nextCapabilities) {
        return new Stack(
                id,
                name,
                status,
                nextDescription,
                created,
                at,
                body,
                next,
                nextParameters,
                resources,
                outputs,
                nextCapabilities);
    }
}
