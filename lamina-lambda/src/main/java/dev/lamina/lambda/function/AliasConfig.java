package dev.lamina.lambda.function;

/**
 * A function alias: a name that points at one version and, optionally, sends a share of its
 * invocations to a second version.
 *
 * @param additionalVersion the second version of a weighted alias, or {@code null}
 * @param additionalWeight the share (0–1) of invocations the additional version gets
 */
public record AliasConfig(
        String function,
        String name,
        String functionVersion,
        String description,
        String additionalVersion,
        double additionalWeight,
        String revisionId) {

    public AliasConfig {
        description = description == null ? "" : description;
    }

    /** Whether this alias sends any invocation to {@code version}. */
    public boolean references(String version) {
        return functionVersion.equals(version) || version.equals(additionalVersion);
    }

    /** The version to run for one invocation, picked by the routing weights from a uniform {@code draw} in [0, 1). */
    public String pick(double draw) {
        return additionalVersion != null && draw < additionalWeight ? additionalVersion : functionVersion;
    }
}
