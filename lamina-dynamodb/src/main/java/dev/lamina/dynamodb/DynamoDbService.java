package dev.lamina.dynamodb;

import dev.lamina.dynamodb.api.DynamoDbAccess;
import dev.lamina.dynamodb.api.DynamoDbApi;
import dev.lamina.dynamodb.item.SqliteIndexStore;
import dev.lamina.dynamodb.item.SqliteItemStore;
import dev.lamina.dynamodb.table.SqliteTableStore;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.protocol.AwsJson;
import dev.lamina.storage.Database;
import java.time.InstantSource;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The DynamoDB module as the node sees it: builds tables and items on the node's database and hands
 * out DynamoDB's face on the edge: JSON 1.0, {@code X-Amz-Target: DynamoDB_20120810.<Operation>},
 * signed for {@code dynamodb} (which DynamoDB Streams will share, told apart by its own target prefix).
 */
public final class DynamoDbService {
    /** What {@code X-Amz-Target} starts with in DynamoDB's API. */
    public static final String TARGET_PREFIX = "DynamoDB_20120810";

    private final DynamoDbApi api;
    private final DynamoDbAccess access;

    /** @param random for table ids */
    public DynamoDbService(Database db, InstantSource clock, RandomGenerator random, String region, String account) {
        Stores stores = new Stores(new SqliteTableStore(db), new SqliteItemStore(db), new SqliteIndexStore(db));
        Items items = new Items(db, stores);
        this.api = new DynamoDbApi(
                new Tables(db, stores, clock, random, region, account),
                items,
                new Searches(db, items, stores),
                new ItemTransactions(db, items));
        this.access = new DynamoDbAccess(region, account);
    }

    /** DynamoDB's face on the edge. */
    public List<EdgeService> services() {
        return List.of(new EdgeService.TargetApi("dynamodb", "dynamodb", AwsJson.V1_0, TARGET_PREFIX, api, access));
    }
}
