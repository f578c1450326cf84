package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

/**
 * routes/audit-example.yaml, enabled the way a user would (autoStartup: true): a chat run leaves its lifecycle events
 * in the audit_log table through jdbc:gatewayDb, queryable with any SQLite client.
 */
class AuditExampleRouteTest {

    @Test
    void theEnabledExampleRecordsARunsLifecycleInTheAuditTable() throws Exception {
        Path routes = ShippedRoutes.copy();
        Path audit = routes.resolve("audit-example.yaml");
        String disabled = Files.readString(audit);
        assertThat(disabled).contains("autoStartup: false");
        Files.writeString(audit, disabled.replace("autoStartup: false", "autoStartup: true"));

        try (ScriptedLlamaServer llama = ScriptedLlamaServer.start();
             GatewayHarness gateway = GatewayHarness.start(llama.baseUrl(),
                     "camel.main.routes-include-pattern", "file:" + routes + "/*.yaml")) {
            llama.enqueue(Reply.text("The lighthouse is by the harbour."));
            try (WsTestClient ws = gateway.connect("audit-ws")) {
                ws.sendUserMessage("where is the lighthouse?");
                assertThat(ws.awaitType("stream_end").path("stop_reason").asText()).isEqualTo("stop");
            }
            Path db = gateway.dir().resolve("gateway.db");
            // hooks are delivered asynchronously (seda): wait for the run's end to be recorded
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                    query(db, "SELECT event FROM audit_log WHERE session_id = 'audit-ws'").contains("agent:end"));

            // what a user would ask: this session's runs, joined with the gateway's own run table
            List<String> rows = query(db, "SELECT a.event || '|' || COALESCE(a.status, '') || '|' || COALESCE(a.detail, '')"
                    + " || '|' || r.status FROM audit_log a JOIN runs r ON r.id = a.run_id"
                    // in the order the gateway published them: a seda endpoint with multipleConsumers hands exchanges
                    // to its consumers through a multicast, so rows may be inserted in another order than published
                    + " WHERE a.session_id = 'audit-ws' ORDER BY a.at, a.id");
            assertThat(rows).containsExactly("agent:start|||completed", "agent:end|completed|stop|completed");
            assertThat(query(db, "SELECT COUNT(*) FROM audit_log WHERE at LIKE '____-__-__T__:__:__%Z'"))
                    .containsExactly(String.valueOf(query(db, "SELECT id FROM audit_log").size()));
        }
    }

    /** A separate read-only connection to the file, as a user's sqlite3 would open it. */
    private static List<String> query(Path db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection c = readOnly.createConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
