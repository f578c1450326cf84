package dev.hinksbot.gateway.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies versioned SQL scripts ({@code db/migration/V<n>__<description>.sql}) in order, each in its own
 * write transaction, and records them in {@code schema_version}. Re-running is a no-op.
 */
final class Migrations {
    /** Listed explicitly because a classpath directory cannot be enumerated inside a jar. */
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__responses.sql", "V3__settings.sql", "V4__channels.sql",
            "V5__cron.sql", "V7__waiting_messages.sql", "V8__cron_created_by.sql", "V9__inbound_keys.sql",
            "V10__run_recovery.sql", "V11__poller_leases.sql", "V12__session_owner.sql", "V13__pairing_invites.sql");
    static final String LOCATION = "db/migration/";

    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
    private static final Pattern CREATE_TRIGGER =
            Pattern.compile("^\\s*CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b", Pattern.CASE_INSENSITIVE);

    record Migration(int version, String description, String resource) {
    }

    private final List<Migration> migrations;
    private final ClassLoader loader;
    private final Clock clock;

    Migrations(List<String> scriptNames, ClassLoader loader, Clock clock) {
        List<Migration> parsed = new ArrayList<>();
        for (String name : scriptNames) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalArgumentException("Bad migration file name: " + name);
            }
            parsed.add(new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), LOCATION + name));
        }
        parsed.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < parsed.size(); i++) {
            if (parsed.get(i).version() == parsed.get(i - 1).version()) {
                throw new IllegalArgumentException("Duplicate migration version " + parsed.get(i).version());
            }
        }
        this.migrations = List.copyOf(parsed);
        this.loader = loader;
        this.clock = clock;
    }

    static Migrations standard() {
        return new Migrations(SCRIPTS, Migrations.class.getClassLoader(), Clock.systemUTC());
    }

    List<Migration> all() {
        return migrations;
    }

    int latestVersion() {
        return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
    }

    /** Applies pending migrations; returns how many were applied. */
    int migrate(Database db) {
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
            }
            return null;
        });
        int applied = 0;
        for (Migration m : migrations) {
            String sql = load(m.resource());
            // Version is re-read inside each IMMEDIATE transaction: two processes opening the same file
            // at once serialize here and the second one skips what the first applied.
            boolean ran = db.write(c -> {
                int current = currentVersion(c);
                if (current > latestVersion()) {
                    throw new StoreException("Database schema version " + current
                            + " is newer than this build supports (" + latestVersion() + ")");
                }
                if (m.version() <= current) {
                    return false;
                }
                try (Statement s = c.createStatement()) {
                    for (String statement : split(sql)) {
                        s.execute(statement);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    ps.setInt(1, m.version());
                    ps.setString(2, m.description());
                    ps.setString(3, Timestamps.format(Timestamps.now(clock)));
                    ps.executeUpdate();
                }
                return true;
            });
            if (ran) {
                applied++;
            }
        }
        return applied;
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private String load(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new StoreException("Missing migration resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read migration " + resource, e);
        }
    }

    /**
     * Splits a script into statements: a statement ends at a line ending in ';', except inside
     * CREATE TRIGGER, whose body (with its own ';') ends at a line ending in 'END;'. Whole-line
     * '--' comments are dropped.
     */
    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inTrigger = false;
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (!inTrigger && CREATE_TRIGGER.matcher(current).find()) {
                inTrigger = true;
            }
            String upper = trimmed.toUpperCase(Locale.ROOT);
            boolean ends = inTrigger
                    ? upper.equals("END;") || upper.endsWith(" END;")
                    : trimmed.endsWith(";");
            if (ends) {
                statements.add(current.toString().strip());
                current.setLength(0);
                inTrigger = false;
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
