package dev.hinksbot.gateway.channels.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The threading headers of one received mail and what follows from them. A thread of mails is one session: its id
 * is the thread's root Message-ID (the first of {@code References}, else {@code In-Reply-To}, else the mail's own
 * Message-ID), so a reply to one of the gateway's answers lands in the session that answer came from. A reply to
 * this mail gets {@code Re: <subject>} (never {@code Re: Re:}), {@code In-Reply-To: <its Message-ID>} and
 * {@code References: <its References> <its Message-ID>}, so mail clients show it in the same thread.
 */
public record MailThreading(String messageId, String inReplyTo, List<String> references, String subject) {
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
    /** Reply and forward prefixes of common clients and languages: "Re:", "RE:", "Aw:", "Sv:", "Fwd:", "Re[2]:". */
    /** Reply prefixes of common clients and languages: "Re:", "RE:", "Re[2]:", "Aw:", "Sv:", "Antw:". */
    private static final Pattern REPLY_PREFIX = Pattern.compile("^\\s*(re|aw|sv|antw)(\\[\\d+\\])?\\s*:\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FORWARD_PREFIX = Pattern.compile("^\\s*(fw|fwd|wg)\\s*:\\s*", Pattern.CASE_INSENSITIVE);
    /** References kept on a reply: the root plus the most recent ones, so long threads do not grow headers forever. */
    static final int MAX_REFERENCES = 20;

    public MailThreading {
        references = references == null ? List.of() : List.copyOf(references);
        subject = subject == null ? "" : subject.strip();
    }

    /** From raw header values (null when absent); a mail without a Message-ID gets {@code fallbackId}. */
    public static MailThreading of(String messageId, String inReplyTo, String references, String subject, String fallbackId) {
        List<String> ids = ids(messageId);
        List<String> parents = ids(inReplyTo);
        return new MailThreading(ids.isEmpty() ? fallbackId : ids.get(0), parents.isEmpty() ? null : parents.get(0),
                ids(references), subject);
    }

    /** Is this mail the start of a thread (not a reply to anything)? */
    public boolean startsThread() {
        return references.isEmpty() && inReplyTo == null;
    }

    /** The thread id: the root Message-ID without angle brackets. */
    public String threadId() {
        String root = !references.isEmpty() ? references.get(0) : inReplyTo != null ? inReplyTo : messageId;
        return bare(root);
    }

    public String replySubject() {
        String s = stripPrefixes(subject, REPLY_PREFIX);
        return "Re: " + (s.isEmpty() ? "(no subject)" : s);
    }

    /** {@code References} of a reply: this mail's references and its own Message-ID, bounded. */
    public String replyReferences() {
        List<String> chain = new ArrayList<>(references);
        if (messageId != null && !chain.contains(messageId)) {
            chain.add(messageId);
        }
        if (chain.size() > MAX_REFERENCES) {
            List<String> kept = new ArrayList<>();
            kept.add(chain.get(0));
            kept.addAll(chain.subList(chain.size() - (MAX_REFERENCES - 1), chain.size()));
            chain = kept;
        }
        return String.join(" ", chain);
    }

    /** The subject as the user wrote it, without reply and forward prefixes (for the model's text). */
    public String plainSubject() {
        String s = subject;
        for (String before = null; !s.equals(before); ) {
            before = s;
            s = stripPrefixes(stripPrefixes(s, REPLY_PREFIX), FORWARD_PREFIX);
        }
        return s;
    }

    private static String stripPrefixes(String s, Pattern prefix) {
        for (Matcher m = prefix.matcher(s); m.find(); m = prefix.matcher(s)) {
            s = s.substring(m.end());
        }
        return s.strip();
    }

    static List<String> ids(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        Matcher m = MESSAGE_ID.matcher(header);
        while (m.find()) {
            out.add(m.group());
        }
        if (out.isEmpty() && !header.isBlank() && !header.strip().contains(" ")) {
            out.add("<" + header.strip() + ">"); // a client that left out the brackets
        }
        return out;
    }

    static String bare(String id) {
        return id == null ? null : id.replaceAll("^<|>$", "");
    }
}
