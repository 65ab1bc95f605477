package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One record of a stream's shard as a mapping handles it: its position, arrival and partition key,
 * and the event record the function gets for it (its element of {@code Records}).
 */
record StreamItem(String sequenceNumber, Instant arrival, String partitionKey, ObjectNode event) {}
