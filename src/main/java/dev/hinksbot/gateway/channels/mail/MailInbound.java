package dev.hinksbot.gateway.channels.mail;

import dev.hinksbot.gateway.channels.Attachments;
import dev.hinksbot.gateway.channels.IntakeKeys;
import dev.hinksbot.gateway.channels.media.Uploads;
import dev.hinksbot.gateway.channels.media.VisionSupport;
import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.common.Ids;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.mail.MailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code mailInbound}: turns a mail fetched by the IMAP consumer into an {@link InboundMessage} (body null for
 * a mail the gateway must not answer). A mail is a DM from its sender: chat and user id are the sender's address
 * (lower case), the thread is the root Message-ID (see {@link MailThreading}), the text is the subject of a new
 * thread plus the body without quoted history or signature; attachments are saved and listed after it once the mail
 * is accepted ({@link MailAttachments}). The reply subject and threading headers travel in
 * {@code meta} to the outbox row, so the answer is threaded without any lookup.
 *
 * <p>Mail loops are the classic failure of mail bots, so automatic mail is never answered: the gateway's own
 * address, {@code Auto-Submitted} other than {@code no} (RFC 3834: vacation notices, other bots), bulk/list
 * {@code Precedence}, and bounces (mailer-daemon, postmaster, empty return path).
 */
public final class MailInbound implements Processor {
    public static final String META_SUBJECT = "subject";
    public static final String META_IN_REPLY_TO = "in_reply_to";
    public static final String META_REFERENCES = "references";
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.mail");
    private static final Set<String> BOUNCE_SENDERS = Set.of("mailer-daemon", "postmaster");

    private final String ownAddress;
    private final Uploads uploads;
    private final VisionSupport vision;

    /** Without {@code uploads}, attachments are not saved (only the text is read). */
    public MailInbound(String ownAddress) {
        this(ownAddress, null, null);
    }

    /** Attachments are saved into {@code uploads} once the mail is accepted (see {@link MailAttachments}). */
    public MailInbound(String ownAddress, Uploads uploads, VisionSupport vision) {
        this.ownAddress = ownAddress == null ? "" : ownAddress.strip().toLowerCase(Locale.ROOT);
        this.uploads = uploads;
        this.vision = vision;
    }

    @Override
    public void process(Exchange exchange) throws MessagingException, IOException {
        Message mail = exchange.getIn() instanceof MailMessage m ? (m.getMessage() != null ? m.getMessage() : m.getOriginalMessage())
                : exchange.getIn().getBody(Message.class);
        InboundMessage message = mail == null ? null : normalize(mail);
        exchange.getIn().setBody(message);
        if (message != null) {
            // the mail's Message-ID (a generated one when it had none: such a mail cannot be recognised again)
            exchange.getIn().setHeader(IntakeKeys.HEADER, "mail:" + message.messageId());
            if (uploads != null) {
                // read when the core path accepts the mail (the IMAP folder is still open while the exchange runs)
                List<Part> files = MailAttachments.find(mail);
                if (!files.isEmpty()) {
                    exchange.getIn().setHeader(Attachments.HEADER, MailAttachments.of(files, uploads, vision));
                }
            }
        }
    }

    public InboundMessage normalize(Message mail) throws MessagingException, IOException {
        InternetAddress from = sender(mail);
        if (from == null) {
            LOG.info("mail without a usable From ignored");
            return null;
        }
        String address = from.getAddress().strip().toLowerCase(Locale.ROOT);
        String automatic = automatic(mail, address);
        if (automatic != null) {
            LOG.info("mail from {} ignored: {}", address, automatic);
            return null;
        }
        MailThreading thread = MailThreading.of(header(mail, "Message-ID"), header(mail, "In-Reply-To"),
                header(mail, "References"), mail.getSubject(), "<" + Ids.next("mail") + "@hinksbot>");
        String body = QuoteStripper.strip(MailBody.text(mail));
        String text = thread.startsThread() ? withSubject(thread.plainSubject(), body) : body;
        String name = from.getPersonal() == null || from.getPersonal().isBlank() ? address : from.getPersonal().strip();
        Instant sent = mail.getSentDate() == null ? Instant.now() : mail.getSentDate().toInstant();
        return new InboundMessage("mail", InboundMessage.DM, address, thread.threadId(), address, name, text,
                thread.messageId(), true, sent, Map.of(META_SUBJECT, thread.replySubject(),
                META_IN_REPLY_TO, thread.messageId(), META_REFERENCES, thread.replyReferences()));
    }

    /**
     * A new thread's text: its subject, then the body. A slash command may be the subject ("/new") or the first
     * line of the body; then the command is the text, with the rest of the body as its argument.
     */
    static String withSubject(String subject, String body) {
        if (body.startsWith("/")) {
            return body;
        }
        if (subject.startsWith("/")) {
            return body.isEmpty() ? subject : subject + " " + body;
        }
        if (subject.isEmpty()) {
            return body;
        }
        return body.isEmpty() ? subject : subject + "\n\n" + body;
    }

    private static InternetAddress sender(Message mail) throws MessagingException {
        Address[] from = mail.getFrom();
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress a) || a.getAddress() == null
                || !a.getAddress().contains("@")) {
            return null;
        }
        return a;
    }

    /** Why this mail was sent by a machine, or null when a person sent it. */
    private String automatic(Message mail, String address) throws MessagingException {
        if (address.equals(ownAddress)) {
            return "sent by the gateway's own address";
        }
        if (BOUNCE_SENDERS.contains(address.substring(0, address.indexOf('@')))) {
            return "a bounce";
        }
        String autoSubmitted = header(mail, "Auto-Submitted");
        if (autoSubmitted != null && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return "Auto-Submitted: " + autoSubmitted.strip();
        }
        String precedence = header(mail, "Precedence");
        if (precedence != null && Set.of("bulk", "junk", "list", "auto_reply").contains(precedence.strip().toLowerCase(Locale.ROOT))) {
            return "Precedence: " + precedence.strip();
        }
        String returnPath = header(mail, "Return-Path");
        if (returnPath != null && returnPath.strip().equals("<>")) {
            return "a bounce (empty Return-Path)";
        }
        return null;
    }

    private static String header(Message mail, String name) throws MessagingException {
        String[] values = mail.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }
}
