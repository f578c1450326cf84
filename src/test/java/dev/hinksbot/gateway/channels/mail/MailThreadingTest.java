package dev.hinksbot.gateway.channels.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.config.ChannelsConfig;
import dev.hinksbot.gateway.delivery.DeliveryException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/** Thread ids, reply headers, normalization of received mails, outgoing mails and SMTP error classes. */
class MailThreadingTest {

    @Test
    void threadRootIsFirstReferenceElseInReplyToElseOwnId() {
        assertThat(MailThreading.of("<c@x>", "<b@x>", "<a@x> <b@x>", "Re: hi", "<f@x>").threadId()).isEqualTo("a@x");
        assertThat(MailThreading.of("<c@x>", "<b@x>", null, "Re: hi", "<f@x>").threadId()).isEqualTo("b@x");
        MailThreading first = MailThreading.of("<c@x>", null, null, "hi", "<f@x>");
        assertThat(first.threadId()).isEqualTo("c@x");
        assertThat(first.startsThread()).isTrue();
        assertThat(MailThreading.of(null, null, null, "hi", "<f@x>").threadId()).isEqualTo("f@x");
    }

    @Test
    void replySubjectAndReferences() {
        assertThat(MailThreading.of("<c@x>", null, null, "Server status", "<f>").replySubject()).isEqualTo("Re: Server status");
        assertThat(MailThreading.of("<c@x>", null, null, "Re: Server status", "<f>").replySubject()).isEqualTo("Re: Server status");
        assertThat(MailThreading.of("<c@x>", null, null, "RE: Re: AW: status", "<f>").replySubject()).isEqualTo("Re: status");
        assertThat(MailThreading.of("<c@x>", null, null, "Fwd: status", "<f>").replySubject()).isEqualTo("Re: Fwd: status");
        assertThat(MailThreading.of("<c@x>", null, null, "", "<f>").replySubject()).isEqualTo("Re: (no subject)");
        assertThat(MailThreading.of("<c@x>", null, null, "Fwd: Re: plan", "<f>").plainSubject()).isEqualTo("plan");

        assertThat(MailThreading.of("<c@x>", "<b@x>", "<a@x>\r\n <b@x>", "Re: hi", "<f>").replyReferences())
                .isEqualTo("<a@x> <b@x> <c@x>");
        StringBuilder refs = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            refs.append("<r").append(i).append("@x> ");
        }
        String bounded = MailThreading.of("<new@x>", "<r29@x>", refs.toString(), "Re: hi", "<f>").replyReferences();
        assertThat(bounded.split(" ")).hasSize(MailThreading.MAX_REFERENCES).startsWith("<r0@x>").endsWith("<new@x>");
    }

    @Test
    void aNewMailBecomesADmWithSubjectAndBodyAndReplyMeta() throws Exception {
        MimeMessage mail = MailQuoteStripperTest.parse("""
                From: "Bob Smith" <Bob@Example.COM>
                To: bot@example.org
                Subject: Disk space
                Message-ID: <first@example.com>
                Content-Type: text/plain; charset=UTF-8

                How full is /var?

                --\s
                Bob
                """);
        InboundMessage m = new MailInbound("bot@example.org").normalize(mail);
        assertThat(m.platform()).isEqualTo("mail");
        assertThat(m.chatType()).isEqualTo(InboundMessage.DM);
        assertThat(m.chatId()).isEqualTo("bob@example.com");
        assertThat(m.userId()).isEqualTo("bob@example.com");
        assertThat(m.userName()).isEqualTo("Bob Smith");
        assertThat(m.threadId()).isEqualTo("first@example.com");
        assertThat(m.messageId()).isEqualTo("<first@example.com>");
        assertThat(m.text()).isEqualTo("Disk space\n\nHow full is /var?");
        assertThat(m.meta()).containsEntry("subject", "Re: Disk space").containsEntry("in_reply_to", "<first@example.com>")
                .containsEntry("references", "<first@example.com>");
        assertThat(m.originTarget()).isEqualTo("mail:bob@example.com:first@example.com");
    }

    @Test
    void aReplyInAThreadCarriesOnlyTheBodyAndCommandsWork() throws Exception {
        MimeMessage reply = MailQuoteStripperTest.parse("""
                From: bob@example.com
                Subject: Re: Disk space
                Message-ID: <second@example.com>
                In-Reply-To: <answer1@example.org>
                References: <first@example.com> <answer1@example.org>

                /new

                On Mon, HinksBot wrote:
                > 80 %
                """);
        InboundMessage m = new MailInbound("bot@example.org").normalize(reply);
        assertThat(m.text()).isEqualTo("/new");
        assertThat(m.threadId()).isEqualTo("first@example.com");
        assertThat(m.meta().get("references")).isEqualTo("<first@example.com> <answer1@example.org> <second@example.com>");

        assertThat(MailInbound.withSubject("/background", "check the servers")).isEqualTo("/background check the servers");
        assertThat(MailInbound.withSubject("Hello", "/status")).isEqualTo("/status");
        assertThat(MailInbound.withSubject("", "just a body")).isEqualTo("just a body");
    }

    @Test
    void automaticMailIsNeverAnswered() throws Exception {
        MailInbound inbound = new MailInbound("Bot@Example.org");
        assertThat(inbound.normalize(MailQuoteStripperTest.parse("From: bot@example.org\nSubject: x\n\nloop\n"))).isNull();
        assertThat(inbound.normalize(MailQuoteStripperTest.parse("From: MAILER-DAEMON@example.com\nSubject: failure\n\nx\n"))).isNull();
        assertThat(inbound.normalize(MailQuoteStripperTest.parse(
                "From: bob@example.com\nAuto-Submitted: auto-replied\nSubject: Out of office\n\naway\n"))).isNull();
        assertThat(inbound.normalize(MailQuoteStripperTest.parse(
                "From: list@example.com\nPrecedence: bulk\nSubject: news\n\nx\n"))).isNull();
        assertThat(inbound.normalize(MailQuoteStripperTest.parse(
                "From: bob@example.com\nAuto-Submitted: no\nSubject: hi\n\nx\n"))).isNotNull();
    }

    @Test
    void outgoingReplyAndNewThread() throws Exception {
        MailOutbound out = new MailOutbound("bot@example.org");
        String meta = Json.write(Map.of("subject", "Re: Disk space", "in_reply_to", "<second@example.com>",
                "references", "<first@example.com> <second@example.com>"));
        MimeMessage reply = out.build("bob@example.com", "It is 80 % full.", meta);
        assertThat(reply.getSubject()).isEqualTo("Re: Disk space");
        assertThat(reply.getHeader("In-Reply-To")).containsExactly("<second@example.com>");
        assertThat(reply.getHeader("References")).containsExactly("<first@example.com> <second@example.com>");
        assertThat(reply.getHeader("Auto-Submitted")).containsExactly("auto-replied");
        assertThat(reply.getFrom()[0].toString()).isEqualTo("bot@example.org");
        assertThat(reply.getAllRecipients()[0].toString()).isEqualTo("bob@example.com");
        assertThat(reply.getContent()).isEqualTo("It is 80 % full.");

        MimeMessage fresh = out.build("ops@example.com", "## Nightly report\n\nAll green.", null);
        assertThat(fresh.getSubject()).isEqualTo("Nightly report");
        assertThat(fresh.getHeader("In-Reply-To")).isNull();
        assertThat(MailOutbound.subjectOf("   \n")).isEqualTo("HinksBot");
        assertThat(MailOutbound.subjectOf("x".repeat(200))).hasSize(MailOutbound.MAX_SUBJECT).endsWith("…");
        assertThatThrownBy(() -> out.build("not an address@", "x", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void smtpFailuresAreClassifiedByReplyCode() {
        DeliveryException busy = MailErrors.classify(new MessagingException("send failed",
                new SMTPSendFailedException("DATA", 451, "451 4.3.0 Try again later", null, null, null, null)));
        assertThat(busy.permanent()).isFalse();
        assertThat(busy.getMessage()).contains("451");
        DeliveryException unknown = MailErrors.classify(new jakarta.mail.SendFailedException("Invalid Addresses",
                new SMTPAddressFailedException(null, "RCPT TO", 550, "550 5.1.1 No such user")));
        assertThat(unknown.permanent()).isTrue();
        assertThat(MailErrors.classify(new MessagingException("Couldn't connect", new ConnectException("Connection refused")))
                .permanent()).isFalse();
        assertThat(MailErrors.classify(new AuthenticationFailedException("535 5.7.8 bad credentials")).permanent()).isTrue();
        assertThat(MailErrors.classify(new AuthenticationFailedException("454 4.7.0 try later")).permanent()).isFalse();
        assertThat(MailErrors.classify(new IllegalArgumentException("not a valid e-mail address: x")).permanent()).isTrue();
    }

    @Test
    void securityModesPickSchemesAndStarttlsAndTheLoginGoesOnTheComponents() {
        assertThat(List.of(new MailSecurityFunction.ImapScheme().apply("ssl"), new MailSecurityFunction.SmtpScheme().apply("ssl"),
                new MailSecurityFunction.StartTls().apply("ssl"))).containsExactly("imaps", "smtps", "false");
        assertThat(List.of(new MailSecurityFunction.ImapScheme().apply("starttls"), new MailSecurityFunction.SmtpScheme().apply("starttls"),
                new MailSecurityFunction.StartTls().apply("starttls"))).containsExactly("imap", "smtp", "true");
        assertThat(List.of(new MailSecurityFunction.ImapScheme().apply("none"), new MailSecurityFunction.SmtpScheme().apply("none"),
                new MailSecurityFunction.StartTls().apply("none"))).containsExactly("imap", "smtp", "false");
        assertThat(MailEndpoints.credentials(platform("ssl", "secret"))).containsEntry("camel.component.imaps.password", "secret")
                .containsEntry("camel.component.smtps.username", "bot@example.org");
        assertThat(MailEndpoints.credentials(platform("starttls", "secret"))).containsEntry("camel.component.smtp.password", "secret")
                .containsEntry("camel.component.imap.username", "bot@example.org");
        assertThat(MailEndpoints.credentials(platform("none", ""))).isEmpty();
    }

    private static ChannelsConfig.Platform platform(String security, String password) {
        return new ChannelsConfig.Platform("mail", true, List.of(), "", "none", 4, 1440, "off", "interrupt",
                Map.of("imap.host", "imap.example.org", "imap.port", "993", "smtp.host", "smtp.example.org", "smtp.port",
                        "465", "address", "bot@example.org", "password", password, "security", security, "poll-delay", "30s"));
    }
}
