package dev.hinksbot.gateway.channels.mail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.delivery.DeliveryException;
import dev.hinksbot.gateway.delivery.DeliveryHeaders;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Bean {@code mailOutbound}: turns an outbox row into the plain-text mail the SMTP producer sends as is. An answer
 * to a received mail (the row's meta holds what {@link MailInbound} put there) goes to its sender as
 * {@code Re: <subject>} with {@code In-Reply-To} and {@code References}, so it stays in the thread and a reply to
 * it stays in the session; anything else (a {@code mail:<address>} target, the home channel, a cron job) starts a
 * new thread whose subject is the text's first line. Every mail says {@code Auto-Submitted} (RFC 3834), so other
 * auto-responders do not answer it and no mail loop starts.
 */
public final class MailOutbound implements Processor {
    static final int MAX_SUBJECT = 78;
    static final String DEFAULT_SUBJECT = "HinksBot";

    private final String from;
    /** Only to build messages (SMTP sends them); {@code mail.from} makes generated Message-IDs name our address. */
    private final Session session;

    public MailOutbound(String from) {
        this.from = from;
        Properties props = new Properties();
        if (from != null && !from.isBlank()) {
            props.setProperty("mail.from", from);
        }
        this.session = Session.getInstance(props);
    }

    @Override
    public void process(Exchange exchange) throws MessagingException {
        String to = exchange.getIn().getHeader(DeliveryHeaders.CHAT_ID, String.class);
        String meta = exchange.getIn().getHeader(DeliveryHeaders.META, String.class);
        exchange.getIn().setBody(build(to, exchange.getIn().getBody(String.class), meta));
    }

    public MimeMessage build(String to, String text, String metaJson) throws MessagingException {
        JsonNode meta = parse(metaJson);
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress(from, true));
        try {
            mail.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
        } catch (MessagingException e) {
            // permanent: the address itself is wrong; the dispatcher must not retry it
            throw new IllegalArgumentException("not a valid e-mail address: " + to);
        }
        String inReplyTo = meta.path(MailInbound.META_IN_REPLY_TO).asText("");
        if (!inReplyTo.isEmpty()) {
            mail.setSubject(meta.path(MailInbound.META_SUBJECT).asText("Re: " + DEFAULT_SUBJECT), "UTF-8");
            mail.setHeader("In-Reply-To", inReplyTo);
            String references = meta.path(MailInbound.META_REFERENCES).asText(inReplyTo);
            mail.setHeader("References", references.isEmpty() ? inReplyTo : references);
            mail.setHeader("Auto-Submitted", "auto-replied");
        } else {
            mail.setSubject(subjectOf(text), "UTF-8");
            mail.setHeader("Auto-Submitted", "auto-generated");
        }
        mail.setSentDate(new Date());
        mail.setText(text == null ? "" : text, "UTF-8");
        return mail;
    }

    /** The subject of a new thread: the text's first line (without Markdown heading marks), shortened. */
    static String subjectOf(String text) {
        if (text != null) {
            for (String line : text.split("\n")) {
                String s = line.replaceFirst("^\\s*#+\\s*", "").replaceAll("[*_`]", "").strip();
                if (!s.isEmpty()) {
                    return s.length() <= MAX_SUBJECT ? s : s.substring(0, s.offsetByCodePoints(0,
                            Math.min(s.codePointCount(0, s.length()), MAX_SUBJECT - 1))).stripTrailing() + "…";
                }
            }
        }
        return DEFAULT_SUBJECT;
    }

    /** The acknowledgement: the Message-ID of the mail the SMTP server accepted. */
    public static String ack(Exchange exchange) throws DeliveryException {
        String id = exchange.getMessage().getHeader("CamelMailMessageId", String.class);
        if (id == null || id.isBlank()) {
            throw new DeliveryException("the SMTP producer reported no Message-ID", null, false);
        }
        return id;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode node = Json.parse(json);
            return node == null ? Json.object() : node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return Json.object();
        }
    }
}
