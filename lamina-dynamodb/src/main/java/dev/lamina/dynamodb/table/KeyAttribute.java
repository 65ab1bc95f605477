package dev.lamina.dynamodb.table;

import java.util.Objects;

/** A key attribute: its name and its declared type ({@code S}, {@code N} or {@code B}). */
public record KeyAttribute(String name, String type) {
    public KeyAttribute {
        Objects.requireNonNull(name, "name");
        if (!type.equals("S") && !type.equals("N") && !type.equals("B")) {
            throw new IllegalArgumentException("a key is S, N or B, not " + type);
        }
    }
}
