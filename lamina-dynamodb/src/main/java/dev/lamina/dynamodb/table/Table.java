package dev.lamina.dynamodb.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A table as CreateTable defined it: its name, its key, its secondary indexes, and the parts of
 * DescribeTable's answer that do not change while it lives ({@code description}: key schema, attribute
 * definitions, billing, throughput, indexes, ARN, id, creation time). Status and counts are added when
 * it is described.
 */
public record Table(String name, KeySchema key, List<Index> indexes, ObjectNode description) {
    public Table {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        indexes = List.copyOf(indexes);
        description = description.deepCopy();
    }

    @Override
    public ObjectNode description() {
        return description.deepCopy();
    }

    /** A local or global secondary index: its name, its key, and which attributes it projects. */
    public record Index(String name, boolean global, KeySchema key, String projection, List<String> nonKeyAttributes) {
        public Index {
            nonKeyAttributes = List.copyOf(nonKeyAttributes);
        }
    }

    /** The index called {@code name}, or {@code null}. */
    public Index index(String name) {
        return indexes.stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
    }
}
