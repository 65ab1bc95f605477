package dev.lamina.lambda.function;

import java.util.random.RandomGenerator;

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

    /**
     * The version to run for one invocation, picked by the routing weights from a uniform {@code draw}
     * in [0, 1): the additional version when the draw falls below its weight. With weight 0.25, draws
     * 0.0–0.2499… run the additional version and 0.25–0.9999… the alias's own; weight 0 never runs
     * the additional version and weight 1 always does.
     */
    public String pick(double draw) {
        return additionalVersion != null && draw < additionalWeight ? additionalVersion : functionVersion;
    }

    /**
     * {@link #pick(double)} with a draw from {@code random}, taken only when the alias has an
     * additional version. Called on the invoke path, from any thread: {@code random} must allow that.
     */
    public String pick(RandomGenerator random) {
        return additionalVersion == null ? functionVersion : pick(random.nextDouble());
    }
}
