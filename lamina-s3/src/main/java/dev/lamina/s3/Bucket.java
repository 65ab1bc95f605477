package dev.lamina.s3;

import java.time.Instant;

/** A bucket: its name, when it was made, and the region it says it is in (the node's). */
public record Bucket(String name, Instant created, String region) {}
