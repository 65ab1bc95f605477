package dev.lamina.s3;

import java.time.Instant;

/**
 * A bucket: its name, when it was made, the region it says it is in (the node's), and its versioning:
 * {@code ""} (never enabled), {@code Enabled} or {@code Suspended}.
 */
public record Bucket(String name, Instant created, String region, String versioning) {
    public static final String ENABLED = "Enabled";
    public static final String SUSPENDED = "Suspended";

    public Bucket(String name, Instant created, String region) {
        this(name, created, region, "");
    }

    /** Whether an object written now gets a version id of its own. */
    public boolean versioned() {
        return versioning.equals(ENABLED);
    }

    /** Whether old versions are kept: versioning is or was enabled. */
    public boolean keepsVersions() {
        return !versioning.isEmpty();
    }
}
