package dev.hinksbot.gateway.channels.mail;

import org.apache.camel.spi.PropertiesFunction;

/**
 * Camel property functions that turn {@code gateway.mail.security} into what {@code routes/mail.yaml} needs, so the
 * route names the user's key itself: {@code {{imap-scheme:gateway.mail.security}}} (imaps|imap),
 * {@code {{smtp-scheme:gateway.mail.security}}} (smtps|smtp) and {@code {{starttls:gateway.mail.security}}}
 * (true|false). Camel finds them by name (META-INF/services/org/apache/camel/properties-function/) and, with
 * {@link #lookupFirst}, passes the key's value rather than its name.
 */
public abstract class MailSecurityFunction implements PropertiesFunction {

    @Override
    public boolean lookupFirst(String remainder) {
        return true;
    }

    @Override
    public String apply(String security) {
        return of(security == null ? "" : security.strip().toLowerCase(java.util.Locale.ROOT));
    }

    abstract String of(String security);

    public static final class ImapScheme extends MailSecurityFunction {
        @Override
        public String getName() {
            return "imap-scheme";
        }

        @Override
        String of(String security) {
            return MailEndpoints.imapScheme(security);
        }
    }

    public static final class SmtpScheme extends MailSecurityFunction {
        @Override
        public String getName() {
            return "smtp-scheme";
        }

        @Override
        String of(String security) {
            return MailEndpoints.smtpScheme(security);
        }
    }

    public static final class StartTls extends MailSecurityFunction {
        @Override
        public String getName() {
            return "starttls";
        }

        @Override
        String of(String security) {
            return String.valueOf(MailEndpoints.starttls(security));
        }
    }
}
