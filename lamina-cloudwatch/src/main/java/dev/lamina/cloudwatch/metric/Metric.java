package dev.lamina.cloudwatch.metric;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One metric as CloudWatch names it: a namespace, a name and a set of dimensions (name to value). Two
 * metrics with the same namespace and name but other dimensions are two metrics, as on AWS; the
 * dimensions are kept sorted by name so that their order in a request does not matter.
 */
public record Metric(String namespace, String name, SortedMap<String, String> dimensions) {
    /** Separates a dimension's name from its value in {@link #dimensionsKey}: not a character names hold. */
    private static final char NAME_END = '\u001f';
    /** Separates two dimensions in {@link #dimensionsKey}. */
    private static final char DIMENSION_END = '\u001e';

    public Metric {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        dimensions = Collections.unmodifiableSortedMap(new TreeMap<>(dimensions));
    }

    public static Metric of(String namespace, String name, Map<String, String> dimensions) {
        return new Metric(namespace, name, new TreeMap<>(dimensions));
    }

    /** The dimensions as one text, equal for equal sets: how the store keys them. */
    public String dimensionsKey() {
        StringBuilder key = new StringBuilder();
        dimensions.forEach((n, v) -> key.append(n).append(NAME_END).append(v).append(DIMENSION_END));
        return key.toString();
    }

    /** The dimensions {@link #dimensionsKey} wrote. */
    public static SortedMap<String, String> dimensions(String key) {
        SortedMap<String, String> out = new TreeMap<>();
        int start = 0;
        while (start < key.length()) {
            int nameEnd = key.indexOf(NAME_END, start);
            int end = key.indexOf(DIMENSION_END, nameEnd);
            out.put(key.substring(start, nameEnd), key.substring(nameEnd + 1, end));
            start = end + 1;
        }
        return out;
    }
}
