package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
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
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.camel.Endpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * E-mail end to end: the real gateway with camel-mail polling GreenMail's IMAP server and answering through its
 * SMTP server (plain, on random ports), in front of a scripted llama-server.
 */
class MailChannelTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String BOT = "bot@example.org";
    static final String PASSWORD = "bot-secret-Pw1";
    static final int SMTP_PORT = freePort();
    static final int IMAP_PORT = freePort();
    static volatile GreenMail mail = startMail();

    @RegisterExtension
    static final LiveGateway live = new LiveGateway(
            "gateway.mail.imap.host", "127.0.0.1",
            "gateway.mail.imap.port", String.valueOf(IMAP_PORT),
            "gateway.mail.smtp.host", "127.0.0.1",
            "gateway.mail.smtp.port", String.valueOf(SMTP_PORT),
            "gateway.mail.address", BOT,
            "gateway.mail.password", PASSWORD,
            "gateway.mail.security", "none",
            "gateway.mail.allowed-users", "Bob@Example.com,carol@example.com,dave@example.com",
            "gateway.mail.poll-delay", "100ms",
            "gateway.delivery.retry-delay", "200ms");

    @AfterAll
    static void stopMail() {
        mail.stop();
    }

    @Test
    void aCronJobDeliversToAMailAddressAndItsRunShowsTheSmtpAcknowledgement() throws Exception {
        var created = live.gateway().post("/api/gui/cron/jobs", "{\"name\":\"morning mail\",\"prompt\":\"summarise\","
                + "\"schedule\":\"0 9 * * 1-5\",\"time_zone\":\"Europe/Berlin\",\"deliver\":\"mail:erin@example.org\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Json.parse(created.body()).path("data").path("job_id").asText();
        live.llama().enqueue(Reply.text("Three issues are open.\nNothing is on fire."));
        assertThat(live.gateway().post("/api/gui/cron/jobs/" + id + "/run", "").statusCode()).isLessThan(300);

        MimeMessage delivered = awaitMailTo("erin@example.org", m -> body(m).contains("Three issues are open."));
        assertThat(delivered.getSubject()).isEqualTo("Three issues are open.");
        assertThat(delivered.getFrom()[0].toString()).isEqualTo(BOT);
        JsonNode delivery = null;
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            JsonNode runs = Json.parse(live.gateway().get("/api/gui/cron/jobs/" + id + "/runs").body()).path("data").path("runs");
            delivery = runs.path(0).path("deliveries").path(0);
            if ("delivered".equals(delivery.path("status").asText())) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(delivery.path("status").asText()).as(String.valueOf(delivery)).isEqualTo("delivered");
        assertThat(delivery.path("target").asText()).isEqualTo("mail:erin@example.org");
    }

    @Test
    void anAllowedSenderGetsAThreadedReplyAndAFollowUpStaysInTheSession() throws Exception {
        live.llama().enqueue(Reply.text("It is 80 % full."));
        send("\"Bob Smith\" <bob@example.com>", "Disk space", "How full is /var?\n\n-- \nBob Smith\nOps team\n",
                "<q1@example.com>", null, null);
        MimeMessage reply = awaitMailTo("bob@example.com", m -> body(m).contains("80 % full"));
        assertThat(reply.getSubject()).isEqualTo("Re: Disk space");
        assertThat(reply.getHeader("In-Reply-To")).containsExactly("<q1@example.com>");
        assertThat(reply.getHeader("References")).containsExactly("<q1@example.com>");
        assertThat(reply.getFrom()[0].toString()).isEqualTo(BOT);
        assertThat(reply.getContentType()).startsWith("text/plain");
        JsonNode first = live.llama().lastChatRequest();
        assertThat(lastUserText(first)).isEqualTo("Disk space\n\nHow full is /var?");
        assertThat(first.toString()).doesNotContain("Ops team");
        String replyId = reply.getMessageID();
        assertThat(awaitOutbox("It is 80 % full.", r -> r.path("status").asText().equals("delivered")).path("ack_id").asText())
                .isEqualTo(replyId);

        // Bob answers the gateway's mail, quoting it: same thread, same session, no quote in the prompt.
        live.llama().enqueue(Reply.text("Half full."));
        send("bob@example.com", "Re: Disk space", "And /home?\n\nOn Mon, 3 Mar 2025 at 10:02, HinksBot <" + BOT
                        + "> wrote:\n> It is 80 % full.\n", "<q2@example.com>", replyId, "<q1@example.com> " + replyId);
        MimeMessage second = awaitMailTo("bob@example.com", m -> body(m).contains("Half full."));
        assertThat(second.getSubject()).isEqualTo("Re: Disk space");
        assertThat(second.getHeader("In-Reply-To")).containsExactly("<q2@example.com>");
        assertThat(second.getHeader("References")).containsExactly("<q1@example.com> " + replyId + " <q2@example.com>");
        JsonNode followUp = live.llama().lastChatRequest();
        assertThat(lastUserText(followUp)).isEqualTo("And /home?");
        assertThat(followUp.toString()).contains("How full is /var?").contains("It is 80 % full.").doesNotContain("wrote:");
    }

    @Test
    void aStrangerGetsNothingAndTheAgentIsNotCalled() throws Exception {
        int before = live.llama().chatRequests().size();
        send("eve@example.net", "hello", "let me in", "<eve1@example.net>", null, null);
        Thread.sleep(1500);
        assertThat(mailsTo("eve@example.net")).isEmpty();
        assertThat(live.llama().chatRequests()).hasSize(before);
    }

    @Test
    void deliveryToAnExplicitAddressStartsANewThread() throws Exception {
        live.gateway().app().camelContext().createProducerTemplate().sendBodyAndHeader("direct:deliver",
                "## Nightly report\n\nAll green.", "HinksbotDeliverTo", "mail:ops@example.com");
        MimeMessage m = awaitMailTo("ops@example.com", x -> body(x).contains("All green."));
        assertThat(m.getSubject()).isEqualTo("Nightly report");
        assertThat(m.getHeader("In-Reply-To")).isNull();
        assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    }

    @Test
    void whileSmtpIsDownTheOutboxRetriesAndDeliversLater() throws Exception {
        live.llama().enqueue(Reply.slow("Delivered after all, once the server came back.", Duration.ofMillis(150)));
        send("carol@example.com", "Retry", "Will this arrive?", "<c1@example.com>", null, null);
        TelegramChannelTest.awaitActive(live, 1); // the mail was fetched and the answer is being written
        mail.stop();
        JsonNode retrying = awaitOutbox("Delivered after all, once the server came back.",
                r -> r.path("attempts").asInt() >= 2 && r.path("status").asText().equals("pending"));
        assertThat(retrying.path("last_error").asText()).contains("SMTP server could not be reached").doesNotContain(PASSWORD);
        mail = startMail();
        MimeMessage m = awaitMailTo("carol@example.com", x -> body(x).contains("Delivered after all"));
        assertThat(m.getSubject()).isEqualTo("Re: Retry");
        JsonNode row = awaitOutbox("Delivered after all, once the server came back.",
                r -> r.path("status").asText().equals("delivered"));
        assertThat(row.path("attempts").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(row.path("thread_id").asText()).isEqualTo("c1@example.com");
    }

    @Test
    void slashNewInAThreadStartsAFreshConversation() throws Exception {
        live.llama().enqueue(Reply.text("Noted the first topic."));
        send("dave@example.com", "First topic", "Remember the word pineapple.", "<d1@example.com>", null, null);
        MimeMessage answer = awaitMailTo("dave@example.com", m -> body(m).contains("Noted the first topic."));
        String answerId = answer.getMessageID();

        send("dave@example.com", "Re: First topic", "/new\n\nSent from my iPhone\n", "<d2@example.com>", answerId,
                "<d1@example.com> " + answerId);
        MimeMessage reset = awaitMailTo("dave@example.com", m -> body(m).contains("new conversation"));
        assertThat(reset.getSubject()).isEqualTo("Re: First topic");
        assertThat(reset.getHeader("In-Reply-To")).containsExactly("<d2@example.com>");

        live.llama().enqueue(Reply.text("A fresh start."));
        send("dave@example.com", "Re: First topic", "What word did I ask you to remember?", "<d3@example.com>",
                reset.getMessageID(), "<d1@example.com> " + answerId + " <d2@example.com> " + reset.getMessageID());
        awaitMailTo("dave@example.com", m -> body(m).contains("A fresh start."));
        assertThat(live.llama().lastChatRequest().toString()).doesNotContain("pineapple");
    }

    @Test
    void thePasswordIsInNoEndpointUri() {
        for (Endpoint e : live.gateway().app().camelContext().getEndpoints()) {
            assertThat(e.getEndpointUri()).doesNotContain(PASSWORD);
        }
        assertThat(live.gateway().app().camelContext().getEndpoints()).anyMatch(e -> e.getEndpointUri().startsWith("imap:"));
    }

    // --- helpers ---

    static GreenMail startMail() {
        GreenMail g = new GreenMail(new ServerSetup[] {new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"),
                new ServerSetup(IMAP_PORT, "127.0.0.1", "imap")});
        g.setUser(BOT, BOT, PASSWORD);
        g.start();
        return g;
    }

    static void send(String from, String subject, String body, String messageId, String inReplyTo, String references)
            throws MessagingException {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(SMTP_PORT));
        MimeMessage m = new MimeMessage(Session.getInstance(props)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, BOT);
        m.setSubject(subject, "UTF-8");
        if (inReplyTo != null) {
            m.setHeader("In-Reply-To", inReplyTo);
        }
        if (references != null) {
            m.setHeader("References", references);
        }
        m.setText(body, "UTF-8");
        Transport.send(m);
    }

    static List<MimeMessage> mailsTo(String address) throws MessagingException {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getAllRecipients() != null && Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address))) {
                out.add(m);
            }
        }
        return out;
    }

    static MimeMessage awaitMailTo(String address, Predicate<MimeMessage> match) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            for (MimeMessage m : mailsTo(address)) {
                if (match.test(m)) {
                    return m;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching mail to " + address + "; got " + mailsTo(address).size() + " mail(s)");
    }

    static JsonNode awaitOutbox(String text, Predicate<JsonNode> match) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            for (JsonNode r : Json.parse(live.gateway().get("/api/v1/outbox?limit=500").body()).path("items")) {
                if (r.path("text").asText().equals(text) && match.test(r)) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("outbox row '" + text + "' never matched");
    }

    static String body(MimeMessage m) {
        try {
            return String.valueOf(m.getContent());
        } catch (IOException | MessagingException e) {
            return "";
        }
    }

    static String lastUserText(JsonNode request) {
        String text = null;
        for (JsonNode msg : request.path("messages")) {
            if (msg.path("role").asText().equals("user")) {
                text = msg.path("content").asText();
            }
        }
        return text;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
