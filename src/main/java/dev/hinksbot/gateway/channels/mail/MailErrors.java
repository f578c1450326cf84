package dev.hinksbot.gateway.channels.mail;

import dev.hinksbot.gateway.delivery.DeliveryException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Classifies a failed SMTP send for the outbox: the server's reply code decides, as SMTP defines it — 4xx is a
 * temporary failure (retry with backoff), 5xx a permanent one (the row fails at once: unknown recipient, rejected
 * content). A server that cannot be reached is retried. Messages carry the server's reply, never credentials.
 */
public final class MailErrors {
    private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([245]\\d\\d)[\\s-]");
    private static final int MAX_TEXT = 300;

    private MailErrors() {
    }

    public static DeliveryException classify(Throwable error) {
        if (error instanceof IllegalArgumentException e) {
            return new DeliveryException(e.getMessage(), null, true);
        }
        for (Throwable t : chain(error)) {
            int code = code(t);
            if (code >= 400) {
                String text = "SMTP server answered " + shorten(t.getMessage());
                return new DeliveryException(text, null, code >= 500);
            }
            if (t instanceof AuthenticationFailedException) {
                return new DeliveryException("SMTP login failed (check gateway.mail.username and gateway.mail.password)",
                        null, true);
            }
        }
        for (Throwable t : chain(error)) {
            if (t instanceof IOException) {
                return new DeliveryException("SMTP server could not be reached: " + t.getClass().getSimpleName()
                        + (t.getMessage() == null ? "" : " " + shorten(t.getMessage())), null, false);
            }
        }
        return new DeliveryException("SMTP send failed: " + error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : " " + shorten(error.getMessage())), null, false);
    }

    /** The SMTP reply code of a failure, or 0 when it has none. */
    static int code(Throwable t) {
        if (t instanceof SMTPSendFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPAddressFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSenderFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof MessagingException && t.getMessage() != null) {
            Matcher m = REPLY_CODE.matcher(t.getMessage());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 0;
    }

    /** The cause chain, following JavaMail's own "next exception" links too (a send failure nests per recipient). */
    private static List<Throwable> chain(Throwable error) {
        List<Throwable> out = new ArrayList<>();
        ArrayDeque<Throwable> todo = new ArrayDeque<>();
        todo.add(error);
        while (!todo.isEmpty() && out.size() < 20) {
            Throwable t = todo.poll();
            if (t == null || out.contains(t)) {
                continue;
            }
            out.add(t);
            if (t instanceof MessagingException m && m.getNextException() != null) {
                todo.add(m.getNextException());
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
        }
        return out;
    }

    private static String shorten(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return one.length() <= MAX_TEXT ? one : one.substring(0, MAX_TEXT) + "…";
    }
}
