package dev.lamina.dynamodb.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import java.util.List;

/** A table's StreamSpecification as CreateTable and UpdateTable take it and DescribeTable shows it. Pure. */
public final class TableStreams {
    /** UpdateTable's parameters that change something other than the stream: not supported yet. */
    private static final List<String> UNSUPPORTED = List.of(
            "AttributeDefinitions",
            "BillingMode",
            "ProvisionedThroughput",
            "GlobalSecondaryIndexUpdates",
            "SSESpecification",
            "ReplicaUpdates",
            "TableClass",
            "DeletionProtectionEnabled",
            "OnDemandThroughput",
            "WarmThroughput",
            "MultiRegionConsistency",
            "GlobalTableWitnessUpdates");

    private TableStreams() {}

    /** The view type {@code spec} turns on; {@code null} when it turns streams off. */
    public static StreamViewType viewType(JsonNode spec) {
        JsonNode enabled = spec.get("StreamEnabled");
        if (enabled == null || enabled.isNull()) {
            throw AwsException.validation("1 validation error detected: Value null at"
                    + " 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null");
        }
        JsonNode type = spec.get("StreamViewType");
        boolean typed = type != null && !type.isNull();
        if (!enabled.asBoolean()) {
            if (typed) {
                throw AwsException.validation("One or more parameter values were invalid: StreamViewType cannot be"
                        + " specified when StreamEnabled is false");
            }
            return null;
        }
        if (!typed) {
            throw AwsException.validation("One or more parameter values were invalid: StreamViewType is required when"
                    + " StreamEnabled is true");
        }
        return StreamViewType.of(type.asText(), "streamSpecification.streamViewType");
    }

    /** Refuses an UpdateTable that asks for nothing, or for more than turning the stream on or off. */
    public static void checkUpdate(JsonNode input) {
        for (String field : UNSUPPORTED) {
            if (input.hasNonNull(field)) {
                throw AwsException.validation("One or more parameter values were invalid: " + field
                        + " cannot be updated on this node yet; UpdateTable supports StreamSpecification only");
            }
        }
        if (!input.hasNonNull("StreamSpecification")) {
            throw AwsException.validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled,"
                    + " GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
        }
    }

    /** Adds the table's stream to DescribeTable's {@code out}. */
    public static void describe(TableStream stream, ObjectNode out) {
        ObjectNode spec = out.putObject("StreamSpecification");
        boolean enabled = stream.state() instanceof StreamState.Enabled;
        spec.put("StreamEnabled", enabled);
        if (enabled) {
            spec.put("StreamViewType", stream.viewType().name());
        }
        out.put("LatestStreamLabel", stream.label());
        out.put("LatestStreamArn", stream.arn());
    }
}
