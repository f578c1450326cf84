package dev.hinksbot.gateway.channels.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes what a mail client adds around the new text of a reply, so the model sees only what the sender wrote:
 * quoted history ({@code >} lines, the "On … wrote:" line and everything after it, Outlook's
 * "-----Original Message-----" and "From: … Sent: …" blocks) and the signature (the {@code "-- "} delimiter line
 * and what follows, and trailing "Sent from my iPhone" style lines). Without this every reply in a thread would
 * repeat the whole conversation to the model, which already has it in the session.
 */
public final class QuoteStripper {
    /** "On Mon, 3 Mar 2025 at 10:00, Bob <bob@x.org> wrote:" (and the German "Am … schrieb …:"); may wrap once. */
    private static final Pattern ATTRIBUTION_START = Pattern.compile("^(On|Am|Le|El)\\s.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTION_END = Pattern.compile(".*(wrote|schrieb|a écrit|escribió)\\s*:\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
            "^\\s*-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Forwarded message)\\s*-{2,}\\s*$",
            Pattern.CASE_INSENSITIVE);
    /** Outlook's header block of the quoted mail: "From: …" soon followed by "Sent: …" (or "Date: …"). */
    private static final Pattern HEADER_FROM = Pattern.compile("^\\s*\\*?(From|Von|De)\\s*:\\*?\\s.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_SENT = Pattern.compile("^\\s*\\*?(Sent|Date|Gesendet|Datum|Envoyé)\\s*:\\*?\\s.*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTLOOK_RULE = Pattern.compile("^\\s*_{10,}\\s*$");
    private static final Pattern SIGNATURE = Pattern.compile("^--\\s?$");
    private static final Pattern MOBILE_FOOTER = Pattern.compile(
            "^\\s*(Sent from (my )?\\S.*|Sent with \\S.*|Get Outlook for \\S.*|Von meinem \\S.* gesendet\\.?)\\s*$",
            Pattern.CASE_INSENSITIVE);

    private QuoteStripper() {
    }

    public static String strip(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        int end = historyStart(lines);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            if (!lines[i].stripLeading().startsWith(">")) {
                kept.add(lines[i]);
            }
        }
        cutSignature(kept);
        while (!kept.isEmpty() && (kept.get(kept.size() - 1).isBlank() || MOBILE_FOOTER.matcher(kept.get(kept.size() - 1)).matches())) {
            kept.remove(kept.size() - 1);
        }
        while (!kept.isEmpty() && kept.get(0).isBlank()) {
            kept.remove(0);
        }
        return String.join("\n", kept).replaceAll("\n{3,}", "\n\n").stripTrailing();
    }

    /** The index of the first line of quoted history, or the number of lines when there is none. */
    private static int historyStart(String[] lines) {
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (ORIGINAL_MESSAGE.matcher(line).matches()) {
                return i;
            }
            if (ATTRIBUTION_START.matcher(line).matches()) {
                if (ATTRIBUTION_END.matcher(line).matches()) {
                    return i;
                }
                if (i + 1 < lines.length && ATTRIBUTION_END.matcher(lines[i + 1].strip()).matches()) {
                    return i;
                }
            }
            if (OUTLOOK_RULE.matcher(line).matches() && i + 1 < lines.length && HEADER_FROM.matcher(lines[i + 1]).matches()) {
                return i;
            }
            if (HEADER_FROM.matcher(line).matches() && (i == 0 || lines[i - 1].isBlank() || OUTLOOK_RULE.matcher(lines[i - 1]).matches())) {
                for (int j = i + 1; j < Math.min(lines.length, i + 4); j++) {
                    if (HEADER_SENT.matcher(lines[j]).matches()) {
                        return i;
                    }
                }
            }
        }
        return lines.length;
    }

    /** Drops the last {@code "-- "} delimiter line and everything after it. */
    private static void cutSignature(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (SIGNATURE.matcher(lines.get(i)).matches()) {
                lines.subList(i, lines.size()).clear();
                return;
            }
        }
    }
}
