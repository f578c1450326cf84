package dev.hinksbot.gateway.channels.telegram;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model's Markdown as Telegram HTML ({@code parse_mode=HTML}). The model's text is untrusted: every character is
 * escaped except the few tags produced here, which are always balanced (each is opened and closed within one call),
 * so a half-written answer (a streamed draft, a part cut at 4,096) still renders. Fenced code becomes
 * {@code <pre><code>}, {@code `code`} {@code <code>}, {@code **b**} {@code <b>}, {@code *i*}/{@code _i_} {@code <i>},
 * {@code ~~s~~} {@code <s>}, headings bold, and {@code [text](url)} a link only for http/https URLs; any other
 * link is shown as "text (url)" text.
 */
public final class TelegramHtml {
    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)\\s*([A-Za-z0-9_+#.-]{0,20})\\S*\\s*$");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*+]\\s+(.*)$");

    private TelegramHtml() {
    }

    public static String render(String markdown) {
        StringBuilder out = new StringBuilder();
        String[] lines = markdown.split("\n", -1);
        boolean inFence = false;
        String fenceMarker = null;
        StringBuilder code = null;
        String lang = "";
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher fence = FENCE.matcher(line);
            if (!inFence && fence.matches()) {
                inFence = true;
                fenceMarker = fence.group(1);
                lang = fence.group(2).toLowerCase(Locale.ROOT);
                code = new StringBuilder();
                continue;
            }
            if (inFence) {
                if (line.strip().equals(fenceMarker)) {
                    out.append(pre(code, lang));
                    inFence = false;
                    if (i < lines.length - 1) {
                        out.append('\n');
                    }
                } else {
                    if (code.length() > 0) {
                        code.append('\n');
                    }
                    code.append(line);
                }
                continue;
            }
            out.append(block(line));
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        if (inFence) {
            out.append(pre(code, lang)); // an unclosed fence (a draft, a cut part) is code up to the end
        }
        return out.toString();
    }

    private static String pre(StringBuilder code, String lang) {
        return lang.isEmpty() ? "<pre>" + escape(code.toString()) + "</pre>"
                : "<pre><code class=\"language-" + lang + "\">" + escape(code.toString()) + "</code></pre>";
    }

    private static String block(String line) {
        Matcher h = HEADING.matcher(line);
        if (h.matches()) {
            return "<b>" + inline(h.group(1)) + "</b>";
        }
        Matcher b = BULLET.matcher(line);
        if (b.matches() && !line.strip().startsWith("**")) {
            return b.group(1) + "• " + inline(b.group(2));
        }
        return inline(line);
    }

    /** One line of inline Markdown. */
    static String inline(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '`') {
                int j = s.indexOf('`', i + 1);
                if (j > i + 1) {
                    out.append("<code>").append(escape(s.substring(i + 1, j))).append("</code>");
                    i = j + 1;
                    continue;
                }
            } else if (s.startsWith("**", i) || s.startsWith("__", i) || s.startsWith("~~", i)) {
                String delim = s.substring(i, i + 2);
                int j = s.indexOf(delim, i + 2);
                if (j > i + 2 && !Character.isWhitespace(s.charAt(i + 2))) {
                    String tag = delim.equals("~~") ? "s" : "b";
                    out.append('<').append(tag).append('>').append(inline(s.substring(i + 2, j))).append("</").append(tag).append('>');
                    i = j + 2;
                    continue;
                }
            } else if ((c == '*' || c == '_') && (c == '*' || i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))) {
                int j = closingEmphasis(s, i, c);
                if (j > 0) {
                    out.append("<i>").append(inline(s.substring(i + 1, j))).append("</i>");
                    i = j + 1;
                    continue;
                }
            } else if (c == '[') {
                int close = s.indexOf("](", i + 1);
                int end = close < 0 ? -1 : s.indexOf(')', close + 2);
                if (close > i && end > close) {
                    String text = s.substring(i + 1, close);
                    String url = s.substring(close + 2, end).strip();
                    if (isWebUrl(url)) {
                        out.append("<a href=\"").append(escape(url).replace("\"", "&quot;")).append("\">")
                                .append(inline(text)).append("</a>");
                    } else {
                        out.append(inline(text)).append(" (").append(escape(url)).append(')');
                    }
                    i = end + 1;
                    continue;
                }
            }
            out.append(escape(String.valueOf(c)));
            i++;
        }
        return out.toString();
    }

    /** The index of the single {@code c} closing an emphasis opened at {@code open}, or -1. */
    private static int closingEmphasis(String s, int open, char c) {
        if (open + 1 >= s.length() || Character.isWhitespace(s.charAt(open + 1)) || s.charAt(open + 1) == c) {
            return -1;
        }
        for (int j = open + 2; j < s.length(); j++) {
            if (s.charAt(j) == c && !Character.isWhitespace(s.charAt(j - 1))
                    && (j + 1 >= s.length() || s.charAt(j + 1) != c)
                    && (c == '*' || j + 1 >= s.length() || !Character.isLetterOrDigit(s.charAt(j + 1)))) {
                return j;
            }
        }
        return -1;
    }

    private static boolean isWebUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return (lower.startsWith("https://") || lower.startsWith("http://")) && url.length() > 8
                && url.chars().noneMatch(ch -> Character.isWhitespace(ch) || ch == '<' || ch == '>' || ch == '"');
    }

    /** Telegram's HTML escaping: {@code &}, {@code <} and {@code >} (and {@code "} inside attributes). */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
