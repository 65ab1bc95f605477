package dev.lamina.lambda.function;

import java.util.Map;

/**
 * One function version as stored: immutable; every change makes a new value with a new revision id.
 *
 * @param state Pending right after create, Active once its code is unpacked
 * @param lastUpdateStatus InProgress while an update's code is being prepared, then Successful
 */
public record FunctionConfig(
        String name,
        String version,
        FunctionSettings settings,
        CodeRef code,
        String revisionId,
        String lastModified,
        State state,
        UpdateStatus lastUpdateStatus,
        Map<String, String> tags) {

    public enum State {
        Pending,
        Active,
        Failed
    }

    public enum UpdateStatus {
        InProgress,
        Successful,
        Failed
    }

    public FunctionConfig {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public FunctionConfig withStatus(State newState, UpdateStatus newUpdate, String newRevision) {
        return new FunctionConfig(name, version, settings, code, newRevision, lastModified, newState, newUpdate, tags);
    }

    /** Whether an environment built for {@code other} can serve this configuration unchanged. */
    public boolean runsSameAs(FunctionConfig other) {
        return other != null && settings.equals(other.settings) && code.equals(other.code);
    }
}
