package dev.lamina.lambda.esm;

import java.util.List;

/**
 * What a mapping of a self-managed Apache Kafka cluster adds to a queue's: where the cluster is,
 * the topic it reads, the consumer group whose committed offsets say how far it got, and where a new
 * group starts.
 *
 * @param bootstrapServers the cluster's bootstrap servers, {@code host:port} each
 * @param topic the one topic the mapping reads
 * @param consumerGroupId the consumer group it reads as; the mapping's UUID unless given
 * @param startingPosition {@code TRIM_HORIZON} or {@code LATEST}: where the group starts in a partition
 *     it has no committed offset for
 */
public record KafkaSettings(
        List<String> bootstrapServers, String topic, String consumerGroupId, String startingPosition) {
    public KafkaSettings {
        bootstrapServers = List.copyOf(bootstrapServers);
    }

    /** The bootstrap servers as Kafka's clients and Lambda's events write them: comma-separated. */
    public String bootstrapServersList() {
        return String.join(",", bootstrapServers);
    }
}
