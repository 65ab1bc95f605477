package dev.lamina.kinesis.stream;

/** How a stream's capacity is given: shards the caller counts, or on demand (four shards here). */
public enum StreamMode {
    PROVISIONED,
    ON_DEMAND;

    /** The shards an on-demand stream starts with, as on AWS. */
    public static final int ON_DEMAND_SHARDS = 4;
}
