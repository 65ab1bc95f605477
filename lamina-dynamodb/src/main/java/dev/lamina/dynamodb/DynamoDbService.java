package dev.lamina.dynamodb;

import dev.lamina.dynamodb.api.DynamoDbAccess;
import dev.lamina.dynamodb.api.DynamoDbApi;
import dev.lamina.dynamodb.api.DynamoDbStreamsAccess;
import dev.lamina.dynamodb.api.DynamoDbStreamsApi;
import dev.lamina.dynamodb.item.SqliteIndexStore;
import dev.lamina.dynamodb.item.SqliteItemStore;
import dev.lamina.dynamodb.stream.SqliteStreamStore;
import dev.lamina.dynamodb.stream.StreamLog;
import dev.lamina.dynamodb.stream.StreamReader;
import dev.lamina.dynamodb.stream.StreamSource;
import dev.lamina.dynamodb.table.SqliteTableStore;
import dev.lamina.dynamodb.ttl.SqliteTimeToLiveStore;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.protocol.AwsJson;
import dev.lamina.spi.dynamodb.TableStreams;
import dev.lamina.storage.Database;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * The DynamoDB module as the node sees it: builds tables, items and table streams on the node's
 * database and hands out two faces on the edge, both JSON 1.0 and signed for {@code dynamodb}, told
 * apart by their target prefix: DynamoDB ({@code DynamoDB_20120810.<Operation>}) and DynamoDB Streams
 * ({@code DynamoDBStreams_20120810.<Operation>}). Once {@link #start}ed it sweeps stream records past
 * their 24 hours once a minute, and removes items whose Time to Live has passed every {@link
 * #TTL_SWEEP_EVERY}.
 */
public final class DynamoDbService implements AutoCloseable {
    /** What {@code X-Amz-Target} starts with in DynamoDB's API. */
    public static final String TARGET_PREFIX = "DynamoDB_20120810";

    /** What {@code X-Amz-Target} starts with in DynamoDB Streams' API. */
    public static final String STREAMS_TARGET_PREFIX = "DynamoDBStreams_20120810";

    private static final Logger LOG = Logger.getLogger(DynamoDbService.class.getName());
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    /**
     * How often expired items are removed: an item goes at most this long (plus the sweep's own time)
     * after its expiry. AWS takes up to days; a short sweep keeps tests and local runs quick, and a
     * sweep of a table without Time to Live costs nothing.
     */
    public static final Duration TTL_SWEEP_EVERY = Duration.ofSeconds(2);

    private final DynamoDbApi api;
    private final DynamoDbAccess access;
    private final StreamReader streams;
    private final ScheduledExecutorService sweeper;
    private final StreamSource tableStreams;
    private final TimeToLives timeToLive;

    /** @param random for table ids, stream event ids and shard ids */
    public DynamoDbService(Database db, InstantSource clock, RandomGenerator random, String region, String account) {
        Stores stores = new Stores(new SqliteTableStore(db), new SqliteItemStore(db), new SqliteIndexStore(db));
        SqliteStreamStore streamStore = new SqliteStreamStore(db);
        StreamLog log = new StreamLog(streamStore, clock, random, region);
        Items items = new Items(db, stores, log);
        this.timeToLive = new TimeToLives(db, stores, items, new SqliteTimeToLiveStore(db), clock);
        this.api = new DynamoDbApi(
                new Tables(db, stores, log, clock, random, region, account),
                items,
                new Searches(db, items, stores),
                new ItemTransactions(db, items),
                timeToLive);
        this.access = new DynamoDbAccess(region, account);
        this.streams = new StreamReader(db, streamStore, clock);
        this.tableStreams = new StreamSource(streams);
        log.onAppend(tableStreams::appended); // wakes the mappings reading the stream
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("lamina-dynamodb-sweeper").factory());
    }

    /** DynamoDB's and DynamoDB Streams' faces on the edge. */
    public List<EdgeService> services() {
        return List.of(
                new EdgeService.TargetApi("dynamodb", "dynamodb", AwsJson.V1_0, TARGET_PREFIX, api, access),
                new EdgeService.TargetApi(
                        "dynamodbstreams",
                        "dynamodb",
                        AwsJson.V1_0,
                        STREAMS_TARGET_PREFIX,
                        new DynamoDbStreamsApi(streams),
                        new DynamoDbStreamsAccess()));
    }

    /** What DynamoDB Streams offers other services (Lambda's stream event source mappings). */
    public TableStreams tableStreams() {
        return tableStreams;
    }

    /** Starts the retention sweep of stream records and of streams disabled for 24 hours, and Time to Live's. */
    public void start() {
        schedule(SWEEP_EVERY, "stream records past retention trimmed", streams::trim);
        schedule(TTL_SWEEP_EVERY, "items removed by Time to Live", timeToLive::sweep);
    }

    /** Runs {@code sweep} every {@code every}; a failing run is logged and the next one tries again. */
    private void schedule(Duration every, String what, IntSupplier sweep) {
        Runnable guarded = () -> {
            try {
                int n = sweep.getAsInt();
                if (n > 0) {
                    LOG.fine(() -> "dynamodb: " + n + " " + what);
                }
            } catch (RuntimeException e) {
                // a failing sweep must not end the schedule
                LOG.log(Level.WARNING, "dynamodb: a sweep (" + what + ") failed", e);
            }
        };
        sweeper.scheduleWithFixedDelay(guarded, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
