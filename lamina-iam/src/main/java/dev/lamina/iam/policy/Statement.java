package dev.lamina.iam.policy;

import java.util.List;
import java.util.Objects;

/**
 * One statement of an identity-based policy, as {@link PolicyDocument} parsed it.
 *
 * @param actions the patterns of {@code Action}, or of {@code NotAction} when {@code notAction}
 * @param resources the patterns of {@code Resource}, or of {@code NotResource} when {@code notResource}
 * @param conditional whether it has a {@code Condition}, which this node does not evaluate (see
 *     {@link PolicyEvaluator})
 */
public record Statement(
        Effect effect,
        List<String> actions,
        boolean notAction,
        List<String> resources,
        boolean notResource,
        boolean conditional) {
    public Statement {
        Objects.requireNonNull(effect, "effect");
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
    }

    /** Whether this statement names {@code action} on {@code resource} (its condition aside). */
    public boolean covers(String action, String resource) {
        return anyMatches(actions, action, true) != notAction && anyMatches(resources, resource, false) != notResource;
    }

    private static boolean anyMatches(List<String> patterns, String value, boolean ignoreCase) {
        for (String pattern : patterns) {
            if (ignoreCase ? Wildcard.matchesIgnoringCase(pattern, value) : Wildcard.matches(pattern, value)) {
                return true;
            }
        }
        return false;
    }
}
