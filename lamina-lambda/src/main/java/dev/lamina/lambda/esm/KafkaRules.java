package dev.lamina.lambda.esm;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What Lambda checks of a self-managed Apache Kafka mapping before it takes it, with Lambda's
 * messages, and its settings with AWS's defaults for what was not given. Pure.
 */
public final class KafkaRules {
    public static final String BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    private static final List<String> POSITIONS =
            List.of(StreamSettings.LATEST, StreamSettings.AT_TIMESTAMP, StreamSettings.TRIM_HORIZON);
    private static final Pattern SERVER = Pattern.compile(
            "(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9])\\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9\\-]*[A-Za-z0-9]):[0-9]{1,5}");
    private static final Pattern TOPIC = Pattern.compile("[^.]([a-zA-Z0-9\\-_.]+)");
    private static final Pattern GROUP = Pattern.compile("[a-zA-Z0-9-/*:_+=.@-]*");

    private KafkaRules() {}

    /**
     * What a request says of a self-managed Kafka source; {@code null} for what it does not say.
     *
     * @param endpoints {@code SelfManagedEventSource.Endpoints}
     * @param topics {@code Topics}
     * @param consumerGroupId {@code SelfManagedKafkaEventSourceConfig.ConsumerGroupId}
     * @param accessTypes the {@code Type} of each of {@code SourceAccessConfigurations}
     */
    public record Options(
            Map<String, List<String>> endpoints,
            List<String> topics,
            String consumerGroupId,
            List<String> accessTypes) {}

    /** A new mapping's settings (its UUID is the group id unless one is given), or Lambda's error. */
    static KafkaSettings create(String uuid, Options o, String startingPosition) {
        Map<String, List<String>> endpoints = o.endpoints() == null ? Map.of() : o.endpoints();
        for (String key : endpoints.keySet()) {
            if (!key.equals(BOOTSTRAP_SERVERS)) {
                throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + endpoints.keySet()
                        + "' at 'selfManagedEventSource.endpoints' failed to satisfy constraint: Map keys must"
                        + " satisfy constraint: [Member must satisfy enum value set: [" + BOOTSTRAP_SERVERS + "]]");
            }
        }
        List<String> servers = endpoints.get(BOOTSTRAP_SERVERS);
        if (servers == null || servers.isEmpty()) {
            throw LambdaErrors.invalidParameter("Unrecognized event source.");
        }
        for (String server : servers) {
            if (server == null || !SERVER.matcher(server).matches()) {
                throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + servers
                        + "' at 'selfManagedEventSource.endpoints' failed to satisfy constraint: Map value must"
                        + " satisfy constraint: [Member must satisfy constraint: [Member must satisfy regular"
                        + " expression pattern: " + SERVER.pattern() + "]]");
            }
        }
        List<String> topics = o.topics() == null ? List.of() : o.topics();
        if (topics.size() != 1) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + topics
                    + "' at 'topics' failed to satisfy constraint: Member must have length "
                    + (topics.isEmpty() ? "greater than or equal to 1" : "less than or equal to 1"));
        }
        String topic = topics.get(0);
        if (topic == null || topic.length() > 249 || !TOPIC.matcher(topic).matches()) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + topics
                    + "' at 'topics' failed to satisfy constraint: Member must satisfy constraint: [Member must"
                    + " satisfy regular expression pattern: ^[^.]([a-zA-Z0-9\\-_.]+)]");
        }
        if (startingPosition == null) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value null at 'startingPosition' failed"
                    + " to satisfy constraint: Member must not be null.");
        }
        if (!POSITIONS.contains(startingPosition)) {
            throw AwsException.validation("1 validation error detected: Value '" + startingPosition
                    + "' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: "
                    + POSITIONS);
        }
        if (startingPosition.equals(StreamSettings.AT_TIMESTAMP)) {
            throw LambdaErrors.invalidParameter(
                    "Unsupported starting position for the self-managed Kafka event" + " source: AT_TIMESTAMP");
        }
        String group = o.consumerGroupId() == null ? uuid : o.consumerGroupId();
        if (group.isEmpty() || group.length() > 200 || !GROUP.matcher(group).matches()) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + group
                    + "' at 'selfManagedKafkaEventSourceConfig.consumerGroupId' failed to satisfy constraint: Member"
                    + " must satisfy regular expression pattern: [a-zA-Z0-9-\\/*:_+=.@-]*");
        }
        if (o.accessTypes() != null && !o.accessTypes().isEmpty()) {
            throw LambdaErrors.invalidParameter("Unsupported SourceAccessConfigurations type "
                    + o.accessTypes().get(0)
                    + " for a self-managed Apache Kafka event source: only a plaintext cluster without"
                    + " authentication is supported.");
        }
        return new KafkaSettings(servers, topic, group, startingPosition);
    }

    /** Refuses what a Kafka mapping does not take: a stream's options but its starting position. */
    static void refuseStreamOptions(StreamRules.Options o) {
        StreamRules.refuseForQueue(
                "self-managed Kafka",
                new StreamRules.Options(
                        null,
                        null,
                        o.parallelizationFactor(),
                        o.maximumRetryAttempts(),
                        o.maximumRecordAgeSeconds(),
                        o.bisectOnError(),
                        o.onFailure(),
                        o.tumblingWindowSeconds()));
        if (o.startingPositionTimestamp() != null) {
            throw LambdaErrors.invalidParameter(
                    "StartingPositionTimestamp can only be provided for the AT_TIMESTAMP starting position.");
        }
    }

    /** Refuses what only a Kafka mapping takes, for another kind of source. */
    static void refuseForOthers(Options o) {
        if (o != null && (o.topics() != null || o.consumerGroupId() != null || o.accessTypes() != null)) {
            String given = o.topics() != null
                    ? "Topics"
                    : o.consumerGroupId() != null ? "SelfManagedKafkaEventSourceConfig" : "SourceAccessConfigurations";
            throw LambdaErrors.invalidParameter(
                    "Unsupported " + given + " parameter for given event source mapping type.");
        }
    }
}
