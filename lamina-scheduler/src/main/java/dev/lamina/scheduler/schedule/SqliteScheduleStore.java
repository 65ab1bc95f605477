package dev.lamina.scheduler.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import dev.lamina.storage.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Schedules and groups in the node's SQLite database; a schedule's row holds its GetSchedule document. */
public final class SqliteScheduleStore implements ScheduleStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;

    public SqliteScheduleStore(Database db) throws SQLException {
        this.db = db;
        db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS scheduler_groups (name TEXT PRIMARY KEY, arn TEXT NOT NULL,"
                        + " created INTEGER NOT NULL, modified INTEGER NOT NULL)");
                st.execute("CREATE TABLE IF NOT EXISTS scheduler_schedules (grp TEXT NOT NULL, name TEXT NOT NULL,"
                        + " arn TEXT NOT NULL UNIQUE, enabled INTEGER NOT NULL, completed INTEGER NOT NULL,"
                        + " doc TEXT NOT NULL, PRIMARY KEY (grp, name))");
                st.execute("CREATE INDEX IF NOT EXISTS scheduler_schedules_by_name ON scheduler_schedules (name, grp)");
            }
            return null;
        });
    }

    private Connection c(Transaction tx) {
        return tx.on(db).connection();
    }

    @Override
    public boolean insertGroup(Transaction tx, ScheduleGroup g) {
        try (PreparedStatement ps = c(tx).prepareStatement(
                        "INSERT OR IGNORE INTO scheduler_groups (name, arn, created, modified) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, g.name());
            ps.setString(2, g.arn());
            ps.setLong(3, g.created().toEpochMilli());
            ps.setLong(4, g.modified().toEpochMilli());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    @Override
    public Optional<ScheduleGroup> group(Transaction tx, String name) {
        List<ScheduleGroup> found =
                queryGroups(tx, "SELECT name, arn, created, modified FROM scheduler_groups WHERE name = ?", name);
        return found.stream().findFirst();
    }

    @Override
    public List<ScheduleGroup> groups(Transaction tx, String prefix, String after, int limit) {
        List<ScheduleGroup> out = new ArrayList<>();
        for (ScheduleGroup g : queryGroups(
                tx,
                "SELECT name, arn, created, modified FROM scheduler_groups WHERE name > ? ORDER BY name",
                after == null ? "" : after)) {
            if ((prefix == null || g.name().startsWith(prefix)) && out.size() < limit) {
                out.add(g);
            }
        }
        return out;
    }

    private List<ScheduleGroup> queryGroups(Transaction tx, String sql, String arg) {
        try (PreparedStatement ps = c(tx).prepareStatement(sql)) {
            ps.setString(1, arg);
            List<ScheduleGroup> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ScheduleGroup(
                            rs.getString(1),
                            rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3)),
                            Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    @Override
    public List<String> deleteGroup(Transaction tx, String name) {
        List<String> arns = new ArrayList<>();
        try (PreparedStatement ps = c(tx).prepareStatement("SELECT arn FROM scheduler_schedules WHERE grp = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    arns.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
        update(tx, "DELETE FROM scheduler_schedules WHERE grp = ?", name);
        update(tx, "DELETE FROM scheduler_groups WHERE name = ?", name);
        return arns;
    }

    @Override
    public boolean insert(Transaction tx, Schedule s, boolean completed) {
        return write(tx, "INSERT OR IGNORE INTO", s, completed) == 1;
    }

    @Override
    public void update(Transaction tx, Schedule s, boolean completed) {
        write(tx, "REPLACE INTO", s, completed);
    }

    private int write(Transaction tx, String verb, Schedule s, boolean completed) {
        try (PreparedStatement ps = c(tx).prepareStatement(verb
                + " scheduler_schedules (grp, name, arn, enabled, completed, doc) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, s.group());
            ps.setString(2, s.name());
            ps.setString(3, s.arn());
            ps.setInt(4, s.enabled() ? 1 : 0);
            ps.setInt(5, completed ? 1 : 0);
            ps.setString(6, JSON.writeValueAsString(ScheduleDocument.write(s)));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<Stored> get(Transaction tx, String group, String name) {
        return query(tx, "SELECT doc, completed FROM scheduler_schedules WHERE grp = ? AND name = ?", group, name)
                .stream()
                .findFirst();
    }

    @Override
    public Optional<Stored> byArn(Transaction tx, String arn) {
        return query(tx, "SELECT doc, completed FROM scheduler_schedules WHERE arn = ?", arn).stream()
                .findFirst();
    }

    @Override
    public boolean delete(Transaction tx, String group, String name) {
        try (PreparedStatement ps =
                c(tx).prepareStatement("DELETE FROM scheduler_schedules WHERE grp = ? AND name = ?")) {
            ps.setString(1, group);
            ps.setString(2, name);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    @Override
    public List<Schedule> list(Transaction tx, String group, String prefix, Boolean enabled, String after, int limit) {
        StringBuilder sql =
                new StringBuilder("SELECT doc, completed FROM scheduler_schedules WHERE (name || '/' || grp) > ?");
        List<String> args = new ArrayList<>();
        args.add(after == null ? "" : after);
        if (group != null) {
            sql.append(" AND grp = ?");
            args.add(group);
        }
        if (prefix != null) {
            sql.append(" AND substr(name, 1, length(?)) = ?");
            args.add(prefix);
            args.add(prefix);
        }
        if (enabled != null) {
            sql.append(" AND enabled = ").append(enabled ? 1 : 0);
        }
        sql.append(" ORDER BY name, grp LIMIT ").append(limit);
        return query(tx, sql.toString(), args.toArray(String[]::new)).stream()
                .map(Stored::schedule)
                .toList();
    }

    private List<Stored> query(Transaction tx, String sql, String... args) {
        try (PreparedStatement ps = c(tx).prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<Stored> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Stored(ScheduleDocument.readStored(JSON.readTree(rs.getString(1))), rs.getInt(2) == 1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void update(Transaction tx, String sql, String arg) {
        try (PreparedStatement ps = c(tx).prepareStatement(sql)) {
            ps.setString(1, arg);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }
}
