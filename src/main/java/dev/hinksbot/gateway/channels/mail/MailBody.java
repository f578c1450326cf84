package dev.hinksbot.gateway.channels.mail;

import dev.hinksbot.gateway.tools.builtin.HtmlText;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * The text of a mail: its text/plain part when it has one (the sender's own words, as their client wrote them),
 * otherwise its HTML part turned into text with quoted history ({@code blockquote}, Gmail and Outlook quote
 * containers) and signatures removed first. Attachments are skipped.
 */
public final class MailBody {
    /** Containers mail clients put quoted history and signatures in, in HTML mails. */
    private static final String HTML_QUOTES = "blockquote, .gmail_quote, .gmail_signature, .moz-cite-prefix, "
            + ".moz-signature, #divRplyFwdMsg, #appendonsend, #Signature, [id^=x_divRplyFwdMsg], div.yahoo_quoted";

    private MailBody() {
    }

    public static String text(Part mail) throws MessagingException, IOException {
        String plain = find(mail, "text/plain");
        if (plain != null) {
            return plain;
        }
        String html = find(mail, "text/html");
        return html == null ? "" : htmlToText(html);
    }

    static String htmlToText(String html) {
        Document doc = Jsoup.parse(html);
        doc.select(HTML_QUOTES).remove();
        return HtmlText.mainText(doc).strip();
    }

    private static String find(Part part, String type) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return null;
        }
        if (part.isMimeType(type)) {
            return content(part);
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = find(child, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The decoded text; a charset Java does not know is read as UTF-8 rather than losing the mail. */
    private static String content(Part part) throws MessagingException, IOException {
        try {
            Object content = part.getContent();
            if (content instanceof String s) {
                return s;
            }
        } catch (IOException e) {
            if (!(e instanceof java.io.UnsupportedEncodingException)) {
                throw e;
            }
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
