package dev.lamina.dynamodb;

import dev.lamina.dynamodb.item.IndexStore;
import dev.lamina.dynamodb.item.ItemStore;
import dev.lamina.dynamodb.table.TableStore;
import java.util.Objects;

/** Where the module keeps its tables, items and index rows, all in one database's transactions. */
public record Stores(TableStore tables, ItemStore items, IndexStore indexes) {
    public Stores {
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(indexes, "indexes");
    }
}
