package dev.lamina.s3.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.s3.ObjectChanges;
import dev.lamina.s3.StoredObject;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import dev.lamina.storage.outbox.Outbox;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bucket notifications (decision 36): each bucket's configuration in the node's database, and for each
 * committed change of an object that a target's events and filters match, S3's event record appended
 * to the outbox in the change's own transaction, so that it is sent (by {@link NotificationDelivery})
 * at least once if and only if the client was told the change happened. Thread-safe.
 */
public final class BucketNotifications implements ObjectChanges {
    /** The outbox topic of notifications; the key is the bucket, so a bucket's are sent in order. */
    public static final String TOPIC = "s3.notification";

    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final String region;
    private final String account;
    /** Orders a key's events, as S3's {@code sequencer} does: later changes have greater values. */
    private final AtomicLong sequencer;

    public BucketNotifications(
            Transactions db, Outbox outbox, ObjectMapper json, Clock clock, String region, String account) {
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                createTables(st);
            }
            return null;
        });
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.region = region;
        this.account = account;
        this.sequencer = new AtomicLong(clock.millis() * 1_000_000L);
    }

    /** Makes the table of configurations, when missing. */
    private static void createTables(Statement st) throws SQLException {
        st.execute(
                "CREATE TABLE IF NOT EXISTS s3_bucket_notifications (bucket TEXT PRIMARY KEY, config TEXT NOT NULL)");
    }

    /** A bucket's configuration, empty when it has none. */
    public NotificationConfig get(Transaction tx, String bucket) throws SQLException {
        try (PreparedStatement st =
                tx.connection().prepareStatement("SELECT config FROM s3_bucket_notifications WHERE bucket = ?")) {
            st.setString(1, bucket);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? json.readValue(rs.getString(1), NotificationConfig.class) : NotificationConfig.EMPTY;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored notification configuration cannot be read", e);
        }
    }

    /** Replaces a bucket's configuration; an empty one removes it. */
    public void set(Transaction tx, String bucket, NotificationConfig config) throws SQLException {
        try (PreparedStatement del =
                tx.connection().prepareStatement("DELETE FROM s3_bucket_notifications WHERE bucket = ?")) {
            del.setString(1, bucket);
            del.executeUpdate();
        }
        if (config.targets().isEmpty()) {
            return;
        }
        try (PreparedStatement ins = tx.connection()
                .prepareStatement("INSERT INTO s3_bucket_notifications (bucket, config) VALUES (?, ?)")) {
            ins.setString(1, bucket);
            ins.setString(2, json.writeValueAsString(config));
            ins.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void created(Transaction tx, StoredObject object, String eventName) {
        tell(tx, object.bucket(), object.key(), eventName, object);
    }

    @Override
    public void removed(Transaction tx, String bucket, String key, String eventName) {
        tell(tx, bucket, key, eventName, null);
    }

    private void tell(Transaction tx, String bucket, String key, String eventName, StoredObject object) {
        NotificationConfig config;
        try {
            config = get(tx, bucket);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        for (NotificationConfig.Target target : config.targets()) {
            if (target.matches(eventName, key)) {
                ObjectNode entry = json.createObjectNode();
                entry.put("kind", target.kind().name());
                entry.put("arn", target.arn());
                entry.set("event", event(target, bucket, key, eventName, object));
                outbox.append(tx, TOPIC, bucket, entry.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** S3's event message: {@code {"Records": [one record]}} (event version 2.1). */
    private ObjectNode event(
            NotificationConfig.Target target, String bucket, String key, String eventName, StoredObject object) {
        Instant now = clock.instant();
        ObjectNode root = json.createObjectNode();
        ObjectNode r = root.putArray("Records").addObject();
        r.put("eventVersion", "2.1");
        r.put("eventSource", "aws:s3");
        r.put("awsRegion", region);
        r.put("eventTime", EVENT_TIME.format(now));
        r.put("eventName", eventName);
        r.putObject("userIdentity").put("principalId", account);
        r.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        ObjectNode response = r.putObject("responseElements");
        response.put("x-amz-request-id", Long.toHexString(sequencer.get()).toUpperCase(java.util.Locale.ROOT));
        response.put("x-amz-id-2", "lamina");
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", target.id());
        ObjectNode b = s3.putObject("bucket");
        b.put("name", bucket);
        b.putObject("ownerIdentity").put("principalId", account);
        b.put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode o = s3.putObject("object");
        o.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
        if (object != null) {
            o.put("size", object.size());
            o.put("eTag", object.etag());
            if (!StoredObject.NULL_VERSION.equals(object.version()) && object.version() != null) {
                o.put("versionId", object.version());
            }
        }
        o.put("sequencer", String.format("%018X", sequencer.incrementAndGet()));
        return root;
    }
}
