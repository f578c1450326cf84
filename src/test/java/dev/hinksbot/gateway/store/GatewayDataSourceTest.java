package dev.hinksbot.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jdbc:gatewayDb through camel-jdbc: the store's one writer, its lock and its busy timeout. */
class GatewayDataSourceTest {
    @TempDir
    Path dir;

    private Database db;
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() {
        db = Database.open(dir.resolve("gateway.db"), Duration.ofMillis(400));
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("gatewayDb", db.dataSource());
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        db.close();
    }

    @Test
    void aRouteWritesAndReadsTheStoresTablesWithNamedParameters() {
        template.requestBodyAndHeaders("jdbc:gatewayDb?useHeadersAsParameters=true",
                "INSERT INTO audit_log (event, at, session_id) VALUES (:?event, :?at, :?session)",
                Map.of("event", "agent:start", "at", "2026-11-30T12:00:00Z", "session", "sess_1"));
        // the store sees the committed row
        assertThat(db.<String>read(c -> one(c, "SELECT event || '|' || session_id FROM audit_log"))).isEqualTo("agent:start|sess_1");
        Object rows = template.requestBody("jdbc:gatewayDb", "SELECT event FROM audit_log");
        assertThat(rows).isEqualTo(List.of(Map.of("event", "agent:start")));
        // the lease was handed back: the store's own writes go on
        new SessionRepository(db).create("sess_after", "After", null, null);
        assertThat(new SessionRepository(db).find("sess_after")).isPresent();
    }

    @Test
    void aFailedStatementLeavesNothingAndTheWriterClean() {
        assertThatThrownBy(() -> template.requestBody("jdbc:gatewayDb", "INSERT INTO no_such_table VALUES (1)"))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseMessage("[SQLITE_ERROR] SQL error or missing database (no such table: no_such_table)");
        new SessionRepository(db).create("sess_ok", "Still writable", null, null);
        assertThat(new SessionRepository(db).find("sess_ok")).isPresent();
    }

    @Test
    void aRouteWriteWaitsForTheStoresWriteInsteadOfFailing() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the store holds its write transaction longer than the busy timeout (400 ms)
        CompletableFuture<Void> storeWrite = CompletableFuture.runAsync(() -> db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO audit_log (event, at) VALUES ('store', '2026-11-30T12:00:00Z')");
            }
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Object> routeWrite = CompletableFuture.supplyAsync(() -> template.requestBody("jdbc:gatewayDb",
                "INSERT INTO audit_log (event, at) VALUES ('route', '2026-11-30T12:00:01Z')"));
        Thread.sleep(800); // twice the busy timeout: a second SQLite writer would have failed with SQLITE_BUSY by now
        assertThat(routeWrite).isNotDone();
        release.countDown();
        storeWrite.get(10, TimeUnit.SECONDS);
        routeWrite.get(10, TimeUnit.SECONDS);
        assertThat(db.<String>read(c -> one(c, "SELECT group_concat(event, ',') FROM (SELECT event FROM audit_log ORDER BY id)")))
                .isEqualTo("store,route");
    }

    @Test
    void anotherProcessHoldingTheLockPastTheBusyTimeoutIsStoreBusy() throws Exception {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db.file()); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            long started = System.nanoTime();
            assertThatThrownBy(() -> template.requestBody("jdbc:gatewayDb",
                    "INSERT INTO audit_log (event, at) VALUES ('x', '2026-11-30T12:00:00Z')"))
                    .hasCauseInstanceOf(StoreBusyException.class)
                    .cause().hasMessageContaining("gateway.database.busy-timeout (400 ms)");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            s.execute("ROLLBACK");
        }
        // nothing was written, the lease was released and the next write succeeds
        template.requestBody("jdbc:gatewayDb", "INSERT INTO audit_log (event, at) VALUES ('y', '2026-11-30T12:00:00Z')");
        assertThat(db.<String>read(c -> one(c, "SELECT group_concat(event) FROM audit_log"))).isEqualTo("y");
    }

    @Test
    void theLeaseDoesNotExposeOrReconfigureTheWriter() throws Exception {
        try (Connection lease = db.dataSource().getConnection()) {
            assertThatThrownBy(() -> lease.unwrap(org.sqlite.SQLiteConnection.class)).isInstanceOf(java.sql.SQLException.class);
            assertThatThrownBy(() -> lease.setReadOnly(true)).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
            try (Statement s = lease.createStatement()) {
                assertThat(s.getConnection()).isSameAs(lease);
            }
            lease.setAutoCommit(false);
            try (Statement s = lease.createStatement()) {
                s.execute("INSERT INTO audit_log (event, at) VALUES ('left open', '2026-11-30T12:00:00Z')");
            }
        } // closed without commit: rolled back
        assertThat(db.<String>read(c -> one(c, "SELECT COUNT(*) FROM audit_log"))).isEqualTo("0");
        new SessionRepository(db).create("sess_next", "Next", null, null);
    }

    private static String one(Connection c, String sql) throws java.sql.SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
