package dev.lamina.cloudwatch.store;

import dev.lamina.cloudwatch.metric.Aggregate;
import dev.lamina.cloudwatch.metric.Metric;
import dev.lamina.cloudwatch.metric.MetricStore;
import dev.lamina.cloudwatch.metric.Rollup;
import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metric data in the node's SQLite database. Three tables:
 *
 * <ul>
 *   <li>{@code cw_series}: one row per metric and unit (namespace, name, dimensions as
 *       {@link Metric#dimensionsKey}, unit), with when it last had data (for ListMetrics);
 *   <li>{@code cw_points}: per series, resolution and period start (epoch seconds) the count, sum,
 *       minimum and maximum;
 *   <li>{@code cw_buckets}: the period's non-empty histogram buckets and their weights.
 * </ul>
 *
 * Adding merges in SQL ({@code ON CONFLICT DO UPDATE}: counts and sums add up, bounds widen, bucket
 * weights add up), so writers never read first. Times are epoch seconds.
 */
public final class SqliteMetricStore implements MetricStore {
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS cw_series (id INTEGER PRIMARY KEY, namespace TEXT NOT NULL, name TEXT NOT NULL,"
                + " dims TEXT NOT NULL, unit TEXT NOT NULL, last_at INTEGER NOT NULL,"
                + " UNIQUE (namespace, name, dims, unit))",
        "CREATE TABLE IF NOT EXISTS cw_points (series INTEGER NOT NULL, res INTEGER NOT NULL, period INTEGER NOT NULL,"
                + " count REAL NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,"
                + " PRIMARY KEY (series, res, period)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS cw_buckets (series INTEGER NOT NULL, res INTEGER NOT NULL, period INTEGER NOT NULL,"
                + " bucket INTEGER NOT NULL, weight REAL NOT NULL, PRIMARY KEY (series, res, period, bucket)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS cw_points_age ON cw_points (res, period)",
        "CREATE INDEX IF NOT EXISTS cw_buckets_age ON cw_buckets (res, period)"
    };

    private final Database database;

    public SqliteMetricStore(Database database) {
        this.database = database;
        try {
            database.withConnection(c -> {
                try (Statement st = c.createStatement()) {
                    for (String sql : SCHEMA) {
                        st.executeUpdate(sql);
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    @Override
    public void add(Collection<Rollup.Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        database.transaction(tx -> {
            Connection c = tx.connection();
            try (PreparedStatement series = c.prepareStatement(
                            "INSERT INTO cw_series (namespace, name, dims, unit, last_at) VALUES (?, ?, ?, ?, ?)"
                                    + " ON CONFLICT (namespace, name, dims, unit)"
                                    + " DO UPDATE SET last_at = MAX(last_at, excluded.last_at) RETURNING id");
                    PreparedStatement point = c.prepareStatement(
                            "INSERT INTO cw_points (series, res, period, count, sum, min, max) VALUES (?, ?, ?, ?, ?, ?, ?)"
                                    + " ON CONFLICT (series, res, period) DO UPDATE SET count = count + excluded.count,"
                                    + " sum = sum + excluded.sum, min = MIN(min, excluded.min), max = MAX(max, excluded.max)");
                    PreparedStatement bucket = c.prepareStatement(
                            "INSERT INTO cw_buckets (series, res, period, bucket, weight) VALUES (?, ?, ?, ?, ?)"
                                    + " ON CONFLICT (series, res, period, bucket) DO UPDATE SET weight = weight + excluded.weight")) {
                Map<String, Long> ids = new HashMap<>();
                for (Rollup.Entry e : entries) {
                    String key = e.metric().namespace()
                            + '\0'
                            + e.metric().name()
                            + '\0'
                            + e.metric().dimensionsKey()
                            + '\0'
                            + e.unit();
                    long id = ids.containsKey(key) ? ids.get(key) : seriesId(series, e);
                    ids.put(key, id);
                    Aggregate a = e.values();
                    point.setLong(1, id);
                    point.setInt(2, e.resolution());
                    point.setLong(3, e.period());
                    point.setDouble(4, a.count());
                    point.setDouble(5, a.sum());
                    point.setDouble(6, a.min());
                    point.setDouble(7, a.max());
                    point.addBatch();
                    for (Map.Entry<Integer, Double> b : a.buckets().entrySet()) {
                        bucket.setLong(1, id);
                        bucket.setInt(2, e.resolution());
                        bucket.setLong(3, e.period());
                        bucket.setInt(4, b.getKey());
                        bucket.setDouble(5, b.getValue());
                        bucket.addBatch();
                    }
                }
                point.executeBatch();
                bucket.executeBatch();
            }
            return null;
        });
    }

    private static long seriesId(PreparedStatement series, Rollup.Entry e) throws SQLException {
        series.setString(1, e.metric().namespace());
        series.setString(2, e.metric().name());
        series.setString(3, e.metric().dimensionsKey());
        series.setString(4, e.unit());
        series.setLong(5, e.period() + e.resolution());
        try (ResultSet rs = series.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public List<Point> points(Metric metric, String unit, int resolution, Instant from, Instant to) {
        String where = " FROM cw_series s JOIN %s p ON p.series = s.id WHERE s.namespace = ? AND s.name = ?"
                + " AND s.dims = ?" + (unit == null ? "" : " AND s.unit = ?") + " AND p.res = ? AND p.period >= ?"
                + " AND p.period < ?";
        try {
            return database.withConnection(c -> {
                record Key(String unit, long period) {}
                Map<Key, Map<Integer, Double>> buckets = new HashMap<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT s.unit, p.period, p.bucket, p.weight" + where.formatted("cw_buckets"))) {
                    bind(ps, metric, unit, resolution, from, to);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            buckets.computeIfAbsent(new Key(rs.getString(1), rs.getLong(2)), k -> new HashMap<>())
                                    .merge(rs.getInt(3), rs.getDouble(4), Double::sum);
                        }
                    }
                }
                Map<Key, Aggregate> points = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT s.unit, p.period, p.count, p.sum, p.min, p.max"
                        + where.formatted("cw_points") + " ORDER BY p.period")) {
                    bind(ps, metric, unit, resolution, from, to);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Key key = new Key(rs.getString(1), rs.getLong(2));
                            points.put(
                                    key,
                                    Aggregate.of(
                                            rs.getDouble(3),
                                            rs.getDouble(4),
                                            rs.getDouble(5),
                                            rs.getDouble(6),
                                            buckets.getOrDefault(key, Map.of())));
                        }
                    }
                }
                List<Point> out = new ArrayList<>(points.size());
                points.forEach((k, a) -> out.add(new Point(Instant.ofEpochSecond(k.period()), k.unit(), a)));
                return out;
            });
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    private static void bind(PreparedStatement ps, Metric metric, String unit, int resolution, Instant from, Instant to)
            throws SQLException {
        int i = 1;
        ps.setString(i++, metric.namespace());
        ps.setString(i++, metric.name());
        ps.setString(i++, metric.dimensionsKey());
        if (unit != null) {
            ps.setString(i++, unit);
        }
        ps.setInt(i++, resolution);
        ps.setLong(i++, from.getEpochSecond());
        ps.setLong(i, Math.ceilDiv(to.toEpochMilli(), 1000));
    }

    @Override
    public List<Metric> metrics(String namespace, String name, Instant since) {
        String sql = "SELECT DISTINCT namespace, name, dims FROM cw_series WHERE last_at >= ?"
                + (namespace == null ? "" : " AND namespace = ?") + (name == null ? "" : " AND name = ?")
                + " ORDER BY namespace, name, dims";
        try {
            return database.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int i = 1;
                    ps.setLong(i++, since.getEpochSecond());
                    if (namespace != null) {
                        ps.setString(i++, namespace);
                    }
                    if (name != null) {
                        ps.setString(i, name);
                    }
                    List<Metric> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Metric(rs.getString(1), rs.getString(2), Metric.dimensions(rs.getString(3))));
                        }
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    @Override
    public void expire(Instant now) {
        long seconds = now.getEpochSecond();
        database.transaction(tx -> {
            Connection c = tx.connection();
            for (String table : new String[] {"cw_points", "cw_buckets"}) {
                try (PreparedStatement ps =
                        c.prepareStatement("DELETE FROM " + table + " WHERE res = ? AND period < ?")) {
                    ps.setInt(1, Rollup.SECOND);
                    ps.setLong(2, seconds - SECOND_DATA_KEPT);
                    ps.addBatch();
                    ps.setInt(1, Rollup.MINUTE);
                    ps.setLong(2, seconds - MINUTE_DATA_KEPT);
                    ps.addBatch();
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cw_series WHERE last_at < ?")) {
                ps.setLong(1, seconds - MINUTE_DATA_KEPT);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
