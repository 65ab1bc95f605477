package dev.lamina.dynamodb.api;

import dev.lamina.dynamodb.ItemTransactions;
import dev.lamina.dynamodb.Items;
import dev.lamina.dynamodb.Searches;
import dev.lamina.dynamodb.Stores;
import dev.lamina.dynamodb.Tables;
import dev.lamina.dynamodb.TimeToLives;
import dev.lamina.dynamodb.item.SqliteIndexStore;
import dev.lamina.dynamodb.item.SqliteItemStore;
import dev.lamina.dynamodb.stream.SqliteStreamStore;
import dev.lamina.dynamodb.stream.StreamLog;
import dev.lamina.dynamodb.table.SqliteTableStore;
import dev.lamina.dynamodb.ttl.SqliteTimeToLiveStore;
import dev.lamina.storage.Database;
import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;

/** The module's parts on a test's database, as a node builds them at each start, at a fixed time. */
final class DynamoDbOnSqlite {
    private DynamoDbOnSqlite() {}

    static DynamoDbApi api(Database db) {
        Stores stores = new Stores(new SqliteTableStore(db), new SqliteItemStore(db), new SqliteIndexStore(db));
        InstantSource clock = () -> Instant.parse("2026-01-01T00:00:00Z");
        SplittableRandom random = new SplittableRandom(3);
        StreamLog streams = new StreamLog(new SqliteStreamStore(db), clock, random, "us-east-1");
        Items items = new Items(db, stores, streams);
        return new DynamoDbApi(
                new Tables(db, stores, streams, clock, random, "us-east-1", "000000000000"),
                items,
                new Searches(db, items, stores),
                new ItemTransactions(db, items),
                new TimeToLives(db, stores, items, new SqliteTimeToLiveStore(db), clock));
    }
}
