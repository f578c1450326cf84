package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.hinksbot.gateway.fakes.Reply;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * E-mail attachments end to end (GreenMail IMAP/SMTP, the real gateway, a scripted llama-server that can see images):
 * saved under the workspace's uploads/ with safe names, listed in the text the model sees, images sent as image
 * parts, files over the cap listed as not saved, and nothing saved for a sender who is not allowed.
 */
class MailAttachmentsTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String BOT = "bot@example.org";
    static final String PASSWORD = "bot-secret-Pw2";
    static final int SMTP_PORT = MailChannelTest.freePort();
    static final int IMAP_PORT = MailChannelTest.freePort();
    static final GreenMail mail = start();
    /** The smallest valid PNG (1×1). */
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==");

    @RegisterExtension
    static final LiveGateway live = new LiveGateway(
            "gateway.mail.imap.host", "127.0.0.1",
            "gateway.mail.imap.port", String.valueOf(IMAP_PORT),
            "gateway.mail.smtp.host", "127.0.0.1",
            "gateway.mail.smtp.port", String.valueOf(SMTP_PORT),
            "gateway.mail.address", BOT,
            "gateway.mail.password", PASSWORD,
            "gateway.mail.security", "none",
            "gateway.mail.allowed-users", "bob@example.com",
            "gateway.mail.poll-delay", "100ms",
            "gateway.mail.max-attachment-bytes", "2048",
            "gateway.delivery.retry-delay", "200ms");

    @AfterAll
    static void stopMail() {
        mail.stop();
    }

    @Test
    void attachmentsAreSavedListedAndImagesShownToTheModel() throws Exception {
        live.llama().setVision(true);
        live.llama().enqueue(Reply.text("I have read your files."));
        send("bob@example.com", "<att1@example.com>", "Please look at these.",
                part("report.txt", "text/plain", "Quarterly numbers: 42".getBytes(StandardCharsets.UTF_8)),
                part("../../.ssh/authorized_keys", "application/octet-stream", "ssh-ed25519 AAAA".getBytes(StandardCharsets.UTF_8)),
                part("pic.png", "image/png", PNG),
                part("huge.bin", "application/octet-stream", new byte[4096]));
        MimeMessage reply = awaitReply("bob@example.com");
        assertThat(String.valueOf(reply.getContent())).contains("I have read your files.");

        JsonNode request = live.llama().chatRequests().stream().filter(r -> r.toString().contains("Please look at these."))
                .findFirst().orElseThrow();
        JsonNode user = request.path("messages").get(request.path("messages").size() - 1);
        String text = user.path("content").isArray() ? user.path("content").get(0).path("text").asText() : user.path("content").asText();
        assertThat(text).contains("Please look at these.").contains("Attachments (saved in the workspace")
                .containsPattern("uploads/mail-[0-9a-f]+-1-report\\.txt \\(text/plain, 21 bytes\\)")
                .containsPattern("uploads/mail-[0-9a-f]+-2-authorized_keys")
                .contains("huge.bin: not saved (larger than 2 KiB)");
        assertThat(user.path("content").isArray()).as("the image goes as an image part").isTrue();
        assertThat(user.path("content").get(1).path("image_url").path("url").asText())
                .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));

        Path uploads = live.gateway().workspace().resolve("uploads");
        Matcher m = Pattern.compile("uploads/(mail-[0-9a-f]+-1-report\\.txt)").matcher(text);
        assertThat(m.find()).isTrue();
        assertThat(Files.readString(uploads.resolve(m.group(1)))).isEqualTo("Quarterly numbers: 42");
        try (Stream<Path> files = Files.list(uploads)) {
            assertThat(files.map(p -> p.getFileName().toString())).hasSize(3).noneMatch(n -> n.contains("huge"));
        }
        assertThat(Files.exists(live.gateway().workspace().resolve(".ssh"))).isFalse();
    }

    @Test
    void aStrangersAttachmentIsNeverSaved() throws Exception {
        int before = live.llama().chatRequests().size();
        send("mallory@example.net", "<att2@example.net>", "Here is a gift.",
                part("gift-from-mallory.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8)));
        Thread.sleep(2000);
        assertThat(live.llama().chatRequests()).hasSize(before);
        Path uploads = live.gateway().workspace().resolve("uploads");
        if (Files.exists(uploads)) {
            try (Stream<Path> files = Files.list(uploads)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("mallory"));
            }
        }
    }

    static GreenMail start() {
        GreenMail g = new GreenMail(new ServerSetup[] {new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"),
                new ServerSetup(IMAP_PORT, "127.0.0.1", "imap")});
        g.setUser(BOT, BOT, PASSWORD);
        g.start();
        return g;
    }

    static MimeBodyPart part(String name, String type, byte[] bytes) throws Exception {
        MimeBodyPart p = new MimeBodyPart();
        p.setContent(bytes, type);
        p.setDataHandler(new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(bytes, type)));
        p.setFileName(name);
        p.setDisposition(MimeBodyPart.ATTACHMENT);
        return p;
    }

    static void send(String from, String messageId, String body, MimeBodyPart... attachments) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(SMTP_PORT));
        MimeMessage m = new MimeMessage(Session.getInstance(props)) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, BOT);
        m.setSubject("Files", "UTF-8");
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText(body, "UTF-8");
        multipart.addBodyPart(text);
        for (MimeBodyPart a : attachments) {
            multipart.addBodyPart(a);
        }
        m.setContent(multipart);
        Transport.send(m);
    }

    static MimeMessage awaitReply(String address) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            for (MimeMessage m : mail.getReceivedMessagesForDomain(address.substring(address.indexOf('@') + 1))) {
                if (Stream.of(m.getAllRecipients()).anyMatch(r -> r.toString().equalsIgnoreCase(address))) {
                    return m;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no reply to " + address);
    }
}
