package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Two gateways on the same mailbox and database: only the lease holder polls IMAP (the other's poll strategy skips
 * every poll and its health says "standby"), so each mail is answered once; when the first stops, the second polls.
 */
class MailTwoGatewaysTest {
    static final String BOT = "Bot@Example.org";
    static final String MAILBOX = "mail:bot@example.org";
    static final String PASSWORD = "two-gateways-Pw1";

    @Test
    void onlyTheLeaseHolderPollsAndTheOtherTakesOverWhenItStops() throws Exception {
        int smtp = freePort();
        int imap = freePort();
        GreenMail mail = new GreenMail(new ServerSetup[] {new ServerSetup(smtp, "127.0.0.1", "smtp"),
                new ServerSetup(imap, "127.0.0.1", "imap")});
        mail.setUser(BOT.toLowerCase(), BOT.toLowerCase(), PASSWORD);
        mail.start();
        try (LogCapture logs = new LogCapture(); ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            llama.setResponder(request -> {
                JsonNode messages = request.path("messages");
                return Reply.text("answer to " + messages.get(messages.size() - 1).path("content").asText());
            });
            GatewayHarness first = GatewayHarness.start(llama.baseUrl(), config(smtp, imap, null));
            try (GatewayHarness second = GatewayHarness.start(llama.baseUrl(),
                    config(smtp, imap, first.dir().resolve("gateway.db").toString()))) {
                awaitTrue(() -> pollers(second).path(MAILBOX).asText().equals("standby"), Duration.ofSeconds(15),
                        "the second gateway stands by");
                assertThat(pollers(first).path(MAILBOX).asText()).isEqualTo("polling");

                for (int i = 1; i <= 3; i++) {
                    send(smtp, "bob@example.com", "q" + i);
                }
                awaitTrue(() -> answers(mail).size() >= 3, Duration.ofSeconds(30), "three answers");
                Thread.sleep(3500); // a poll of each and several leases later: a double, or a lost lease, would show now
                assertThat(pollers(second).path(MAILBOX).asText()).isEqualTo("standby");
                assertThat(pollers(first).path(MAILBOX).asText()).isEqualTo("polling");
                assertThat(answers(mail)).containsExactlyInAnyOrder("answer to q1\n\nq1", "answer to q2\n\nq2", "answer to q3\n\nq3");
                assertThat(logs.lines()).filteredOn(l -> l.contains("not polling " + MAILBOX)).hasSize(1);
                assertThat(logs.lines()).noneMatch(l -> l.contains(PASSWORD));

                first.close(); // a clean stop gives the lease up
                long stopped = System.nanoTime();
                send(smtp, "bob@example.com", "after the stop");
                awaitTrue(() -> answers(mail).contains("answer to after the stop\n\nafter the stop"), Duration.ofSeconds(20),
                        "the second gateway answers");
                assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("taken over at its next poll").isLessThan(Duration.ofSeconds(10));
                assertThat(pollers(second).path(MAILBOX).asText()).isEqualTo("polling");
                Thread.sleep(1000);
                assertThat(answers(mail)).hasSize(4);
            } finally {
                first.close();
            }
        } finally {
            mail.stop();
        }
    }

    private static String[] config(int smtp, int imap, String database) {
        List<String> kv = new ArrayList<>(List.of("gateway.mail.imap.host", "127.0.0.1", "gateway.mail.imap.port", String.valueOf(imap),
                "gateway.mail.smtp.host", "127.0.0.1", "gateway.mail.smtp.port", String.valueOf(smtp), "gateway.mail.address", BOT,
                "gateway.mail.username", BOT.toLowerCase(), "gateway.mail.password", PASSWORD, "gateway.mail.security", "none",
                "gateway.mail.allowed-users", "bob@example.com", "gateway.mail.busy-mode", "queue",
                // polls further apart than the lease: the holder keeps its lease between polls all the same
                "gateway.mail.poll-delay", "3s", "gateway.chat.poller-lease", "1s", "gateway.delivery.retry-delay", "200ms"));
        if (database != null) {
            kv.addAll(List.of("gateway.database.path", database));
        }
        return kv.toArray(String[]::new);
    }

    private static void send(int smtp, String from, String subject) throws MessagingException {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtp));
        MimeMessage m = new MimeMessage(Session.getInstance(props));
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, BOT.toLowerCase());
        m.setSubject(subject, "UTF-8");
        m.setText(subject, "UTF-8");
        Transport.send(m);
    }

    /** The text of each answer the gateway mailed to bob. */
    private static List<String> answers(GreenMail mail) {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            try {
                String body = String.valueOf(m.getContent()).strip();
                if (m.getAllRecipients() != null && m.getAllRecipients()[0].toString().equals("bob@example.com")
                        && body.startsWith("answer to ")) {
                    out.add(body.replace("\r\n", "\n"));
                }
            } catch (IOException | MessagingException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private static JsonNode pollers(GatewayHarness gateway) {
        try {
            return Json.parse(gateway.get("/api/v1/health").body()).path("pollers");
        } catch (Exception e) {
            return Json.object();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
