package dev.hinksbot.gateway.tools.builtin;

import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/** Turns an HTML page into readable text: the main content, block structure kept as lines, chrome dropped. */
public final class HtmlText {
    private static final String NOISE = "script, style, noscript, template, nav, header, footer, aside, form, "
            + "svg, canvas, iframe, button, select, [aria-hidden=true], [hidden]";
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "ul", "ol", "li",
            "table", "tr", "pre", "blockquote", "dl", "dt", "dd", "figure", "figcaption", "hr", "address",
            "h1", "h2", "h3", "h4", "h5", "h6", "body");
    /** Below this, a <main>/<article> is probably a teaser and the whole body says more. */
    private static final int MIN_MAIN_CHARS = 200;

    private HtmlText() {
    }

    static String title(Document doc) {
        String t = doc.title().strip();
        if (t.isEmpty()) {
            Element h1 = doc.selectFirst("h1");
            t = h1 == null ? "" : h1.text().strip();
        }
        return t;
    }

    public static String mainText(Document doc) {
        Document copy = doc.clone();
        copy.select(NOISE).remove();
        Element body = copy.body();
        Element main = copy.selectFirst("main, [role=main], article");
        String text = main == null ? "" : render(main);
        if (text.length() < MIN_MAIN_CHARS && body != null) {
            text = render(body);
        }
        return text;
    }

    private static String render(Element root) {
        StringBuilder sb = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    boolean pre = t.parent() instanceof Element p && (p.tagName().equals("pre") || p.closest("pre") != null);
                    String s = pre ? t.getWholeText() : t.text().replaceAll("\\s+", " ");
                    if (!pre && (sb.length() == 0 || sb.charAt(sb.length() - 1) == '\n')) {
                        s = s.stripLeading();
                    }
                    sb.append(s);
                } else if (node instanceof Element e) {
                    String tag = e.normalName();
                    if (tag.equals("br")) {
                        sb.append('\n');
                    } else if (tag.length() == 2 && tag.charAt(0) == 'h' && Character.isDigit(tag.charAt(1))) {
                        blankLine(sb);
                        sb.append("#".repeat(tag.charAt(1) - '0')).append(' ');
                    } else if (tag.equals("li")) {
                        newline(sb);
                        sb.append("- ");
                    } else if (tag.equals("p")) {
                        blankLine(sb);
                    } else if (BLOCKS.contains(tag)) {
                        newline(sb);
                    } else if (tag.equals("td") || tag.equals("th")) {
                        sb.append(' ');
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    if (e.normalName().equals("p") || e.normalName().startsWith("h")) {
                        blankLine(sb);
                    } else {
                        newline(sb);
                    }
                }
            }
        }, root);
        return sb.toString()
                .replaceAll("[ \\t]+\\n", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }

    private static void newline(StringBuilder sb) {
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
        }
    }

    private static void blankLine(StringBuilder sb) {
        newline(sb);
        if (sb.length() > 1 && sb.charAt(sb.length() - 2) != '\n') {
            sb.append('\n');
        }
    }
}
