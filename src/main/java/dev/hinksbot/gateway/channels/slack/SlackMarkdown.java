package dev.hinksbot.gateway.channels.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the model's Markdown as Slack {@code mrkdwn}: {@code **bold**} and {@code __bold__} → {@code *bold*},
 * {@code *italic*} → {@code _italic_}, {@code ~~strike~~} → {@code ~strike~}, {@code [text](url)} →
 * {@code <url|text>}, headings → a bold line, list bullets → •, code fences and inline code kept as they are (a
 * fence's language name dropped: Slack would show it as code). Everything else has {@code & < >} escaped, as Slack
 * requires, so text can never forge a mention or a link.
 */
public final class SlackMarkdown {
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)]\\((https?://[^)\\s]+)\\)");
    private static final Pattern BOLD = Pattern.compile("\\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*|__(?=\\S)(.+?)(?<=\\S)__");
    private static final Pattern ITALIC = Pattern.compile("(?<![*\\w])\\*(?=\\S)([^*\\n]+?)(?<=\\S)\\*(?![*\\w])");
    private static final Pattern STRIKE = Pattern.compile("~~(?=\\S)(.+?)(?<=\\S)~~");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*+]\\s+");
    /** Placeholders for parts already rendered (characters that never occur in model text). */
    private static final char HELD = '\u0002';
    private static final char STAR = '\u0001';

    private SlackMarkdown() {
    }

    public static String render(String markdown) {
        if (markdown == null || markdown.isEmpty()) {
            return "";
        }
        String[] lines = markdown.replace(String.valueOf(HELD), "").replace(String.valueOf(STAR), "").split("\n", -1);
        StringBuilder out = new StringBuilder();
        boolean fence = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i > 0) {
                out.append('\n');
            }
            String stripped = line.strip();
            if (!fence && stripped.length() > 6 && stripped.startsWith("```") && stripped.endsWith("```")) {
                out.append("```").append(SlackText.escape(stripped.substring(3, stripped.length() - 3))).append("```");
            } else if (stripped.startsWith("```")) {
                out.append("```");
                if (fence) {
                    out.append(SlackText.escape(stripped.substring(3)));
                }
                fence = !fence;
            } else if (fence) {
                out.append(SlackText.escape(line));
            } else {
                out.append(line(line));
            }
        }
        return out.toString();
    }

    private static String line(String line) {
        Matcher h = HEADING.matcher(line);
        if (h.matches()) {
            String title = inline(h.group(1)).replace("*", "");
            return title.isEmpty() ? "" : "*" + title + "*";
        }
        String prefix = "";
        if (line.startsWith("> ") || line.equals(">")) {
            prefix = ">";
            line = line.substring(1);
        }
        Matcher b = BULLET.matcher(line);
        if (b.find()) {
            prefix += b.group(1) + "• ";
            line = line.substring(b.end());
        }
        return prefix + inline(line);
    }

    /** Inline code spans stay as they are (escaped); the text between them is converted. */
    private static String inline(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('`', i);
            int close = open < 0 ? -1 : text.indexOf('`', open + 1);
            if (close < 0) {
                out.append(spans(text.substring(i)));
                break;
            }
            out.append(spans(text.substring(i, open))).append('`').append(SlackText.escape(text.substring(open + 1, close))).append('`');
            i = close + 1;
        }
        return out.toString();
    }

    private static String spans(String text) {
        String s = SlackText.escape(text);
        List<String> held = new ArrayList<>();
        s = replace(LINK, s, m -> hold(held, "<" + m.group(2).replace("|", "%7C") + "|" + m.group(1).replace("|", "/") + ">"));
        s = replace(BOLD, s, m -> STAR + (m.group(1) != null ? m.group(1) : m.group(2)) + STAR);
        s = replace(ITALIC, s, m -> "_" + m.group(1) + "_");
        s = replace(STRIKE, s, m -> "~" + m.group(1) + "~");
        s = s.replace(STAR, '*');
        for (int k = 0; k < held.size(); k++) {
            s = s.replace(HELD + String.valueOf(k) + HELD, held.get(k));
        }
        return s;
    }

    private static String hold(List<String> held, String rendered) {
        held.add(rendered);
        return HELD + String.valueOf(held.size() - 1) + HELD;
    }

    private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(f.apply(m)));
        }
        m.appendTail(b);
        return b.toString();
    }
}
