package dev.lamina.kinesis;

import dev.lamina.edge.EdgeService;
import dev.lamina.edge.protocol.AwsJson;
import dev.lamina.kinesis.api.KinesisAccess;
import dev.lamina.kinesis.api.KinesisApi;
import dev.lamina.kinesis.record.Records;
import dev.lamina.kinesis.stream.SqliteRecordLog;
import dev.lamina.kinesis.stream.SqliteStreamStore;
import dev.lamina.kinesis.stream.Streams;
import dev.lamina.spi.kinesis.DataStreams;
import dev.lamina.storage.Database;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Kinesis Data Streams module as the node sees it: builds streams and the shards' logs on the
 * node's database and hands out Kinesis's API on the edge (JSON 1.1, {@code X-Amz-Target:
 * Kinesis_20131202.<Operation>}, signed for {@code kinesis}; CBOR to the SDKs that send it), and runs
 * the retention sweep once a minute once {@link #start}ed.
 */
public final class KinesisService implements AutoCloseable {
    /** What {@code X-Amz-Target} starts with in Kinesis's API. */
    public static final String TARGET_PREFIX = "Kinesis_20131202";

    /** How long a new stream stays CREATING: long enough for a client to see it, short for tests. */
    public static final Duration CREATING = Duration.ofMillis(500);

    private static final Logger LOG = Logger.getLogger(KinesisService.class.getName());
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final KinesisApi api;
    private final KinesisAccess access;
    private final Records records;
    private final ScheduledExecutorService sweeper;
    private final KinesisDataStreams dataStreams;

    public KinesisService(Database db, InstantSource clock, String region, String account) {
        SqliteStreamStore store = new SqliteStreamStore(db);
        SqliteRecordLog log = new SqliteRecordLog(db);
        Streams streams = new Streams(db, store, log, clock, CREATING, region, account);
        this.records = new Records(db, streams, store, log, clock);
        this.api = new KinesisApi(streams, records);
        this.access = new KinesisAccess(region, account);
        this.dataStreams = new KinesisDataStreams(db, store, log, clock, region, account);
        records.onPut(dataStreams::put);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("lamina-kinesis-retention").factory());
    }

    /** Kinesis's API on the edge. */
    public List<EdgeService> services() {
        return List.of(new EdgeService.TargetApi("kinesis", "kinesis", AwsJson.V1_1, TARGET_PREFIX, api, access));
    }

    /** The streams as Lambda's event source mappings read them. */
    public DataStreams dataStreams() {
        return dataStreams;
    }

    /** Starts the retention sweep, which deletes records older than their stream's retention period. */
    public void start() {
        long every = SWEEP_EVERY.toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            int trimmed = records.trim();
            if (trimmed > 0) {
                LOG.fine(() -> "kinesis: trimmed " + trimmed + " records past their retention");
            }
        } catch (RuntimeException e) {
            // the next sweep tries again; a failing one must not end the schedule
            LOG.log(Level.WARNING, "kinesis: the retention sweep failed", e);
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
