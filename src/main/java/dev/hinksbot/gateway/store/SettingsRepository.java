package dev.hinksbot.gateway.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Settings saved at run time: key → JSON text. A missing key means "as configured". */
public final class SettingsRepository {
    private final Database db;
    private final Clock clock;

    public SettingsRepository(Database db) {
        this(db, Clock.systemUTC());
    }

    public SettingsRepository(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Map<String, String> all() {
        return db.read(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT key, value FROM settings ORDER BY key");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString("key"), rs.getString("value"));
                }
            }
            return out;
        });
    }

    /** In one transaction: stores every entry of {@code values} and removes every key of {@code removed}. */
    public void update(Map<String, String> values, Collection<String> removed) {
        String now = Timestamps.format(Timestamps.now(clock));
        db.write(c -> {
            try (PreparedStatement put = c.prepareStatement("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
                 PreparedStatement delete = c.prepareStatement("DELETE FROM settings WHERE key = ?")) {
                for (Map.Entry<String, String> e : values.entrySet()) {
                    put.setString(1, e.getKey());
                    put.setString(2, Objects.requireNonNull(e.getValue(), "value"));
                    put.setString(3, now);
                    put.executeUpdate();
                }
                for (String key : removed) {
                    delete.setString(1, key);
                    delete.executeUpdate();
                }
            }
            return null;
        });
    }

    public void clear() {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM settings")) {
                ps.executeUpdate();
            }
            return null;
        });
    }
}
