package dev.hinksbot.gateway.channels.mail;

import dev.hinksbot.gateway.config.ChannelsConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@code gateway.mail.security} shapes the mail endpoints of {@code routes/mail.yaml}: {@code ssl} →
 * {@code imaps}/{@code smtps}; {@code starttls} → {@code imap}/{@code smtp} with {@code mail.*.starttls.enable} and
 * {@code .required} (no silent fall-back to plain text); {@code none} → plain. The routes read the schemes through
 * {@link MailSecurityFunction}s; username and password are set on the mail components, never in an endpoint URI, so
 * they appear in no route dump, endpoint list or log line (the login defaults to the gateway's address, as most
 * providers expect).
 */
public final class MailEndpoints {
    private MailEndpoints() {
    }

    public static String imapScheme(String security) {
        return ssl(security) ? "imaps" : "imap";
    }

    public static String smtpScheme(String security) {
        return ssl(security) ? "smtps" : "smtp";
    }

    public static boolean starttls(String security) {
        return "starttls".equals(security);
    }

    /** The mail components' login (Camel properties), for a configured channel with a password; empty otherwise. */
    public static Map<String, String> credentials(ChannelsConfig.Platform mail) {
        Map<String, String> p = new LinkedHashMap<>();
        String password = mail.setting("password");
        if (!mail.enabled() || password.isEmpty()) {
            return p;
        }
        String username = mail.setting("username").isBlank() ? mail.setting("address") : mail.setting("username");
        String security = mail.setting("security");
        for (String scheme : new String[] {imapScheme(security), smtpScheme(security)}) {
            p.put("camel.component." + scheme + ".username", username);
            p.put("camel.component." + scheme + ".password", password);
        }
        return p;
    }

    // empty means the default, ssl: an unset security never falls back to plain text
    private static boolean ssl(String security) {
        return security == null || security.isBlank() || security.equals("ssl");
    }
}
