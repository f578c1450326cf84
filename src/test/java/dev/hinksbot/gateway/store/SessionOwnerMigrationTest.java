package dev.hinksbot.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V12 gives the sessions of a database made before it an owner: from their chat's runs, else their chat binding. */
class SessionOwnerMigrationTest {
    @TempDir
    Path dir;

    @Test
    void existingSessionsGetTheOwnerOfTheirChatAndTheRestStayTheAdmins() throws Exception {
        Path file = dir.resolve("old.db");
        // a database at version 11 made by the pre-Flyway runner (its sessions have no chat, so stay the admins')
        Files.copy(Paths.get(getClass().getClassLoader().getResource("db/legacy/gateway-v11.db").toURI()), file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            String t = "'2026-01-01T00:00:00.000Z'";
            for (String id : new String[] {"sess_dm", "sess_group", "sess_old", "sess_web", "sess_ran"}) {
                s.execute("INSERT INTO sessions (id, title, created_at, updated_at) VALUES ('" + id + "', 't', " + t + ", " + t + ")");
            }
            s.execute("INSERT INTO channel_sessions VALUES ('agent:main:telegram:dm:111', 'sess_dm', 'telegram', 0, " + t + ", " + t + ")");
            s.execute("INSERT INTO channel_sessions VALUES ('agent:main:telegram:group:-100500:222', 'sess_group', 'telegram', 0, " + t + ", " + t + ")");
            s.execute("INSERT INTO channel_sessions VALUES ('agent:main:mail:dm:pat@example.com', 'sess_ran', 'mail', 0, " + t + ", " + t + ")");
            // a run's origin names the sender: it wins over the binding (here a session moved to another chat with /resume)
            s.execute("INSERT INTO runs (id, session_id, status, origin, started_at) VALUES ('run_1', 'sess_ran', 'completed',"
                    + " '{\"platform\":\"telegram\",\"chat_type\":\"dm\",\"chat_id\":\"222\",\"user_id\":\"222\"}', " + t + ")");
            s.execute("INSERT INTO runs (id, session_id, status, origin, started_at) VALUES ('run_2', 'sess_old', 'completed',"
                    + " '{\"platform\":\"slack\",\"chat_type\":\"group\",\"chat_id\":\"C1\",\"user_id\":\"U1\"}', " + t + ")");
        }
        try (Database db = Database.open(file)) {
            SessionRepository sessions = new SessionRepository(db);
            assertThat(sessions.ownerOf("sess_dm")).contains("user:telegram:111");
            assertThat(sessions.ownerOf("sess_group")).contains("group:telegram:-100500");
            assertThat(sessions.ownerOf("sess_ran")).contains("user:telegram:222");
            assertThat(sessions.ownerOf("sess_old")).contains("group:slack:C1");
            assertThat(sessions.ownerOf("sess_web")).isEmpty(); // the web UI's: the admins'
            assertThat(sessions.recent(OwnerScope.of("user:telegram:111"), 10)).extracting(Session::id).containsExactly("sess_dm");
        }
    }
}
