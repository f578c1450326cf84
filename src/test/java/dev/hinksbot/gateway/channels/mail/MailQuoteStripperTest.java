package dev.hinksbot.gateway.channels.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Quoted history and signatures as real clients write them never reach the model. */
class MailQuoteStripperTest {

    @Test
    void gmailReplyLosesAttributionQuoteAndSignature() {
        String body = """
                Thanks, that worked. Can you also check the disk usage?

                --\s
                Bob Smith
                Ops, Example Corp

                On Mon, 3 Mar 2025 at 10:02, HinksBot <bot@example.org> wrote:
                > The server is up.
                >
                > Anything else?
                """;
        assertThat(QuoteStripper.strip(body)).isEqualTo("Thanks, that worked. Can you also check the disk usage?");
    }

    @Test
    void attributionWrappedOverTwoLines() {
        String body = "Yes please.\r\n\r\nOn Mon, Mar 3, 2025 at 10:02 AM HinksBot <\r\nbot@example.org> wrote:\r\n> earlier text\r\n";
        assertThat(QuoteStripper.strip(body)).isEqualTo("Yes please.");
    }

    @Test
    void outlookOriginalMessageAndFromSentBlocks() {
        String original = """
                Please restart it.

                Regards,
                Alice

                -----Original Message-----
                From: HinksBot <bot@example.org>
                Sent: Monday, March 3, 2025 10:02 AM
                To: Alice <alice@example.com>
                Subject: RE: server

                The server is down.
                """;
        assertThat(QuoteStripper.strip(original)).isEqualTo("Please restart it.\n\nRegards,\nAlice");

        String outlookWeb = """
                Sounds good.

                Get Outlook for iOS
                ________________________________
                From: HinksBot <bot@example.org>
                Sent: Monday, March 3, 2025 10:02
                To: Alice
                Subject: Re: plan

                Here is the plan.
                """;
        assertThat(QuoteStripper.strip(outlookWeb)).isEqualTo("Sounds good.");

        String bare = "ok\n\nFrom: HinksBot <bot@example.org>\nDate: Mon, 3 Mar 2025\nSubject: x\n\nold\n";
        assertThat(QuoteStripper.strip(bare)).isEqualTo("ok");
    }

    @Test
    void mobileFootersAndInlineQuotesGo() {
        assertThat(QuoteStripper.strip("What time is it in Tokyo?\n\nSent from my iPhone\n")).isEqualTo("What time is it in Tokyo?");
        assertThat(QuoteStripper.strip("> quoted question\nmy answer\n> another\nmore\n")).isEqualTo("my answer\nmore");
    }

    @Test
    void plainTextWithoutHistoryIsKeptWhole() {
        String text = "Line one\n\nFrom the logs I see errors.\nOn the other hand it works.\n";
        assertThat(QuoteStripper.strip(text)).isEqualTo("Line one\n\nFrom the logs I see errors.\nOn the other hand it works.");
    }

    @Test
    void htmlOnlyMailFromGmailKeepsTheNewTextOnly() throws Exception {
        String raw = """
                From: Bob <bob@example.com>
                To: bot@example.org
                Subject: Re: status
                Message-ID: <reply-1@example.com>
                MIME-Version: 1.0
                Content-Type: text/html; charset=UTF-8

                <div dir="ltr">Please show <b>the logs</b>.<br></div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, 3 Mar 2025 HinksBot wrote:</div><blockquote class="gmail_quote">The server is up.</blockquote></div>
                """;
        assertThat(QuoteStripper.strip(MailBody.text(parse(raw)))).isEqualTo("Please show the logs.");
    }

    @Test
    void multipartAlternativePrefersPlainTextAndSkipsAttachments() throws Exception {
        String raw = """
                From: Bob <bob@example.com>
                To: bot@example.org
                Subject: report
                Message-ID: <m1@example.com>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="outer"

                --outer
                Content-Type: multipart/alternative; boundary="inner"

                --inner
                Content-Type: text/plain; charset=ISO-8859-1
                Content-Transfer-Encoding: quoted-printable

                Gr=FC=DFe, here is the report.
                --inner
                Content-Type: text/html; charset=UTF-8

                <p>HTML version</p>
                --inner--
                --outer
                Content-Type: text/plain; name="log.txt"
                Content-Disposition: attachment; filename="log.txt"

                attachment text
                --outer--
                """;
        assertThat(MailBody.text(parse(raw)).strip()).isEqualTo("Grüße, here is the report.");
    }

    static MimeMessage parse(String raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }
}
