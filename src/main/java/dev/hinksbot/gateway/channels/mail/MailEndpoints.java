package dev.hinksbot.gateway.channels.mail;

import dev.hinksbot.gateway.config.ChannelsConfig;
import dev.hinksbot.gateway.config.ConfigLoader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Camel properties behind {@code routes/mail.yaml}, from the {@code gateway.mail.*} keys. {@code security}
 * picks the schemes: {@code ssl} → {@code imaps}/{@code smtps}; {@code starttls} → {@code imap}/{@code smtp} with
 * {@code mail.*.starttls.enable} and {@code .required} (no silent fall-back to plain text); {@code none} → plain.
 * Username and password are set on the mail components, never in an endpoint URI, so they appear in no route
 * dump, endpoint list or log line (the login defaults to the gateway's address, as most providers expect).
 */
public final class MailEndpoints {
    private MailEndpoints() {
    }

    public static Map<String, String> properties(ChannelsConfig.Platform mail) {
        Map<String, String> p = new LinkedHashMap<>();
        String security = mail.setting("security").isEmpty() ? "ssl" : mail.setting("security");
        boolean ssl = security.equals("ssl");
        String imap = ssl ? "imaps" : "imap";
        String smtp = ssl ? "smtps" : "smtp";
        boolean receive = mail.enabled() && !mail.setting("imap.host").isEmpty();
        p.put("hinksbot.mail.receive", String.valueOf(receive));
        p.put("hinksbot.mail.imap-scheme", imap);
        p.put("hinksbot.mail.smtp-scheme", smtp);
        // A disabled channel's endpoints are still created: they get a harmless placeholder host.
        p.put("hinksbot.mail.imap-host", orDefault(mail.setting("imap.host"), "localhost"));
        p.put("hinksbot.mail.imap-port", orDefault(mail.setting("imap.port"), ssl ? "993" : "143"));
        p.put("hinksbot.mail.smtp-host", orDefault(mail.setting("smtp.host"), "localhost"));
        p.put("hinksbot.mail.smtp-port", orDefault(mail.setting("smtp.port"), ssl ? "465" : "587"));
        p.put("hinksbot.mail.starttls", String.valueOf(security.equals("starttls")));
        p.put("hinksbot.mail.poll-delay", String.valueOf(ConfigLoader.durationMillis(orDefault(mail.setting("poll-delay"), "30s"))));
        if (mail.enabled()) {
            String username = orDefault(mail.setting("username"), mail.setting("address"));
            String password = mail.setting("password");
            if (!password.isEmpty()) {
                for (String scheme : new String[] {imap, smtp}) {
                    p.put("camel.component." + scheme + ".username", username);
                    p.put("camel.component." + scheme + ".password", password);
                }
            }
        }
        return p;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
