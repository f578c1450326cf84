package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.CliRunner.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.hinksbot.gateway.common.CancelSignal;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import dev.hinksbot.gateway.store.Database;
import dev.hinksbot.gateway.store.OwnerScope;
import dev.hinksbot.gateway.store.Session;
import dev.hinksbot.gateway.store.SessionRepository;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import jakarta.mail.Message;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Users and roles end to end (issue 12): Telegram user 111 is an admin (gateway.admins), 222 is paired with /pair,
 * pat@example.com writes by e-mail. Every cross-user attempt is refused, and nothing of one user's shows in another's
 * answers or tool results.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UsersAndRolesTest {
    static final String TOKEN = "123456:ROLES-token";
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String BOT = "bot@example.org";
    static final String PAT = "pat@example.com";
    static final int SMTP_PORT = MailChannelTest.freePort();
    static final int IMAP_PORT = MailChannelTest.freePort();
    static final FakeTelegram telegram = FakeTelegram.start(TOKEN);
    static final GreenMail mail = startMail();
    static final Pattern CODE = Pattern.compile("Pairing code: ([A-Z2-9]{8})");

    @RegisterExtension
    static final LiveGateway live = new LiveGateway(
            "gateway.admins", "telegram:111",
            "gateway.telegram.token", TOKEN,
            "gateway.telegram.api-url", telegram.baseUrl(),
            "gateway.telegram.allowed-users", "111",
            "gateway.telegram.poll-delay", "50ms",
            "gateway.telegram.tool-progress", "off",
            "gateway.mail.imap.host", "127.0.0.1",
            "gateway.mail.imap.port", String.valueOf(IMAP_PORT),
            "gateway.mail.smtp.host", "127.0.0.1",
            "gateway.mail.smtp.port", String.valueOf(SMTP_PORT),
            "gateway.mail.address", BOT,
            "gateway.mail.password", "bot-secret-Pw1",
            "gateway.mail.security", "none",
            "gateway.mail.allowed-users", PAT,
            "gateway.mail.poll-delay", "100ms",
            "gateway.delivery.retry-delay", "200ms");

    @AfterAll
    static void stopMail() {
        mail.stop();
    }

    @Test
    @Order(1)
    void anAdminsPairCodePairsANewUserAtOnceAndOnlyOnce() throws Exception {
        // a stranger's /pair is no command: they are offered DM pairing like any unknown sender
        assertThat(say(222, "/pair")).contains("I don't know you yet");

        String invite = say(111, "/pair");
        Matcher m = CODE.matcher(invite);
        assertThat(m.find()).as(invite).isTrue();
        assertThat(say(222, m.group(1).toLowerCase())).contains("Paired");
        assertThat(say(333, m.group(1))).contains("not valid"); // one use only

        assertThat(say(222, "/pair")).isEqualTo("⛔ /pair is for admins only.");
        assertThat(say(222, "/pairing list")).isEqualTo("⛔ /pairing is for admins only.");
        assertThat(say(111, "/pairing list")).contains("telegram user 222");
    }

    @Test
    @Order(2)
    void usersSeeAndTouchOnlyTheirOwnSessionsJobsAndUsage() throws Exception {
        // each user has a conversation with a title, and the admin a cron job
        live.llama().enqueue(Reply.text("Plums are ripe in August."));
        assertThat(say(111, "When are my plums ripe?")).isEqualTo("Plums are ripe in August.");
        say(111, "/title My Plums");
        String adminJob = jobId(say(111, "/cron add every 1h | check the plums"));
        live.llama().enqueue(Reply.text("Apples keep for months."));
        assertThat(say(222, "How long do apples keep?")).isEqualTo("Apples keep for months.");
        say(222, "/title Apple Talk");
        String userJob = jobId(say(222, "/cron add every 2h | check the apples"));
        live.llama().enqueue(Reply.text("Pears ripen off the tree."));
        sendMail(PAT, "pears", "When do pears ripen?");
        awaitMailTo(PAT, "Pears ripen");

        String resume = say(222, "/resume");
        assertThat(resume).contains("Apple Talk").doesNotContain("My Plums").doesNotContain("pears");
        assertThat(say(222, "/resume My Plums")).isEqualTo("You have no session titled \"My Plums\".");
        String plumsId = sessionsOf("user:telegram:111").get(0).id();
        assertThat(say(222, "/resume " + plumsId)).startsWith("You have no session titled");
        assertThat(say(222, "/status")).doesNotContain(plumsId);

        assertThat(say(222, "/cron list")).contains(userJob).doesNotContain(adminJob);
        assertThat(say(222, "/cron pause " + adminJob)).isEqualTo("⚠️ you have no cron job " + adminJob + " (see /cron list)");
        assertThat(say(222, "/cron rm " + adminJob)).startsWith("⚠️ you have no cron job");
        assertThat(say(222, "/cron runs " + adminJob)).startsWith("⚠️ you have no cron job");
        assertThat(say(111, "/cron list")).contains(adminJob).contains(userJob); // admins see every job
        // only admins schedule deliveries to another chat
        assertThat(say(222, "/cron add every 1h | hello there | telegram:111"))
                .isEqualTo("⛔ Only admins schedule jobs that deliver elsewhere; leave out '| telegram:111' to deliver to this chat.");
        assertThat(say(222, "/cron list")).doesNotContain("hello there");
        assertThat(say(111, "/cron add every 1h | daily report | telegram:222")).contains("delivering to telegram:222");

        String sethome = say(222, "/sethome");
        assertThat(sethome).isEqualTo("⛔ /sethome is for admins only.");
        assertThat(say(111, "/sethome")).contains("home channel");

        String insights = say(222, "/insights");
        assertThat(insights).startsWith("Your last 7 day(s): 1 sessions, 2 messages");
        assertThat(say(111, "/insights")).startsWith("Gateway, last 7 day(s): ");

        String help = say(222, "/help");
        assertThat(help).contains("/resume (user)").doesNotContain("/sethome").doesNotContain("/pair");
        assertThat(say(111, "/help")).contains("/sethome (admin)").contains("/pairing (admin)");
    }

    @Test
    @Order(3)
    void historySearchSeesOnlyTheSessionsOfTheUserItRunsFor() throws Exception {
        // the model of 222's chat asks for everyone's fruit; the tool answers from 222's sessions only
        live.llama().enqueue(Reply.toolCalls(
                new ToolCallSpec("call_1", "session_history_search", "{\"query\":\"pears\"}"),
                new ToolCallSpec("call_2", "session_history_search", "{\"query\":\"plums\",\"limit\":100}"),
                new ToolCallSpec("call_3", "session_history_search", "{\"query\":\"apples\"}")));
        live.llama().enqueue(Reply.text("Searched."));
        assertThat(say(222, "What fruit did we talk about?")).isEqualTo("Searched.");
        List<String> results = toolMessages(live.llama().lastChatRequest());
        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isEqualTo("No past messages match 'pears'.");
        assertThat(results.get(1)).isEqualTo("No past messages match 'plums'.");
        assertThat(results.get(2)).contains("keep for months").contains("Apple Talk");

        // called directly for another user's session: only that user's conversations come back
        String patSession = sessionsOf("user:mail:" + PAT).get(0).id();
        String userSession = sessionsOf("user:telegram:222").get(0).id();
        assertThat(search(patSession, "{\"query\":\"pears\"}")).contains("ripen off the tree");
        assertThat(search(patSession, "{\"query\":\"apples\",\"limit\":100}")).isEqualTo("No past messages match 'apples'.");
        assertThat(search(patSession, "{\"query\":\"plums\"}")).isEqualTo("No past messages match 'plums'.");
        assertThat(search(userSession, "{\"query\":\"pears\"}")).isEqualTo("No past messages match 'pears'.");
        String adminSession = sessionsOf("user:telegram:111").get(0).id();
        assertThat(search(adminSession, "{\"query\":\"apples\"}")).isEqualTo("No past messages match 'apples'.");
    }

    @Test
    @Order(4)
    void modelNamesAreValidatedAndNotChangedWhileAnswering() throws Exception {
        assertThat(say(222, "/model gpt-17-ultra")).isEqualTo("Unknown model 'gpt-17-ultra'. Choose one of: fake-model.gguf.");
        assertThat(say(222, "/model fake-model.gguf --global")).startsWith("⛔ Only admins change the gateway's default model");
        assertThat(say(222, "/model fake-model.gguf")).isEqualTo("Model set to fake-model.gguf for this conversation.");

        live.llama().enqueue(Reply.slow("one two three four five six seven eight nine ten eleven twelve", Duration.ofMillis(150)));
        telegram.dm(222, "count slowly");
        Thread.sleep(300);
        assertThat(say(222, "/model fake-model.gguf")).isEqualTo("⏳ An answer is running — wait for it to finish or /stop first.");
        assertThat(say(111, "/model fake-model.gguf --global")).startsWith("⏳ Answers are running");
        telegram.awaitTo("222", t -> t.contains("twelve"), WAIT);
        // the streamed draft shows the last word before the run has ended: wait for the run itself to end
        org.awaitility.Awaitility.await().atMost(WAIT).until(() ->
                Json.parse(live.gateway().get("/api/v1/health").body()).path("active_runs").asInt() == 0);
        assertThat(say(111, "/model fake-model.gguf --global")).isEqualTo("Gateway default model set to fake-model.gguf.");
    }

    @Test
    @Order(5)
    void wrongCodesLockOutTheirSenderButNeverTheAdminOrTheCli() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(say(666, "AAAAAAAA")).contains("not valid");
        }
        assertThat(say(666, "hello")).isEqualTo("Too many wrong pairing codes: try again in an hour.");
        // even a valid code does nothing for a locked-out sender
        Matcher invite = CODE.matcher(say(111, "/pair"));
        assertThat(invite.find()).isTrue();
        assertThat(say(666, invite.group(1))).isEqualTo("Too many wrong pairing codes: try again in an hour.");
        // DM pairing's rate limit holds for /pair too: one code per admin per 10 minutes while it is unused
        assertThat(say(111, "/pair")).contains("last 10 minutes");

        // the admin types wrong codes, then the right one: approved
        String offer = say(777, "hi there");
        Matcher m = CODE.matcher(offer);
        assertThat(m.find()).as(offer).isTrue();
        for (int i = 0; i < 6; i++) {
            assertThat(say(111, "/pairing approve WRONG234")).startsWith("No pending pairing code");
        }
        assertThat(say(111, "/pairing approve " + m.group(1))).isEqualTo("✅ Approved telegram user 777 (user777).");

        // so does the CLI
        String db = live.gateway().dir().resolve("gateway.db").toString();
        Matcher m2 = CODE.matcher(say(778, "hi there"));
        assertThat(m2.find()).isTrue();
        for (int i = 0; i < 6; i++) {
            assertThat(cli("pairing", "approve", "telegram", "WRONG234", "--database", db)).isEqualTo(1);
        }
        assertThat(cli("pairing", "approve", "telegram", m2.group(1), "--database", db)).isEqualTo(0);

        // `pairing unlock` lifts the stranger's lockout: they may try again (and get a DM code offer)
        assertThat(cli("pairing", "unlock", "telegram", "--database", db)).isEqualTo(0);
        assertThat(say(666, "hello")).contains("Pairing code");
        assertThat(say(111, "/pairing revoke telegram:777")).isEqualTo("Revoked telegram user 777.");
    }

    /** The next message the bot sends to {@code user}'s DM after {@code text}. */
    static String say(long user, String text) throws Exception {
        String chat = String.valueOf(user);
        int before = telegram.sentTo(chat).size();
        telegram.dm(user, text);
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            List<FakeTelegram.Sent> sent = telegram.sentTo(chat);
            if (sent.size() > before) {
                return sent.get(before).text();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no answer to '" + text + "' from user " + user);
    }

    static String jobId(String reply) {
        Matcher m = Pattern.compile("Scheduled (job_\\S+)").matcher(reply);
        assertThat(m.find()).as(reply).isTrue();
        return m.group(1);
    }

    static List<Session> sessionsOf(String owner) {
        try (Database db = Database.open(live.gateway().dir().resolve("gateway.db"))) {
            return new SessionRepository(db).recent(OwnerScope.of(owner), 10);
        }
    }

    static String search(String sessionId, String args) throws Exception {
        ToolResult r = live.gateway().app().services().tools().find("session_history_search").orElseThrow()
                .execute(Json.parse(args), new ToolContext(sessionId, new CancelSignal()));
        return r.output();
    }

    static List<String> toolMessages(JsonNode request) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode message : request.path("messages")) {
            if ("tool".equals(message.path("role").asText())) {
                out.add(message.path("content").asText());
            }
        }
        return out;
    }

    static void awaitMailTo(String address, String text) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            for (MimeMessage m : mail.getReceivedMessages()) {
                if (m.getAllRecipients() != null && m.getAllRecipients()[0].toString().equalsIgnoreCase(address)
                        && String.valueOf(m.getContent()).contains(text)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no mail to " + address + " containing " + text);
    }

    static void sendMail(String from, String subject, String body) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(SMTP_PORT));
        MimeMessage m = new MimeMessage(jakarta.mail.Session.getInstance(props));
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, BOT);
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        Transport.send(m);
    }

    static GreenMail startMail() {
        GreenMail g = new GreenMail(new ServerSetup[] {new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"),
                new ServerSetup(IMAP_PORT, "127.0.0.1", "imap")});
        g.setUser(BOT, BOT, "bot-secret-Pw1");
        g.start();
        return g;
    }
}
