package dev.hinksbot.gateway.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a long message into parts of at most {@code limit} characters, preferring paragraph, then line, then word
 * boundaries, never cutting a surrogate pair. Every character is in exactly one part, in order: nothing is lost
 * and nothing is repeated (boundary whitespace stays with the part it ends).
 */
public final class MessageSplitter {
    private MessageSplitter() {
    }

    public static List<String> split(String text, int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("limit must be at least 2");
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (text.length() - start > limit) {
            int end = start + limit;
            int cut = lastBoundary(text, start, end, "\n\n");
            if (cut < 0) {
                cut = lastBoundary(text, start, end, "\n");
            }
            if (cut < 0) {
                cut = lastBoundary(text, start, end, " ");
            }
            if (cut < 0) {
                cut = Character.isLowSurrogate(text.charAt(end)) && Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
            }
            parts.add(text.substring(start, cut));
            start = cut;
        }
        parts.add(text.substring(start));
        return parts;
    }

    /**
     * {@link #split} for Markdown: a part that ends inside a code fence is closed with the fence and the next part
     * reopens it (same marker and language), so each part renders on its own; the text itself is never repeated.
     * Parts are cut a little short of {@code limit} to leave room for the added fence lines.
     */
    public static List<String> splitMarkdown(String text, int limit) {
        if (text.length() <= limit) {
            return List.of(text);
        }
        List<String> raw = split(text, Math.max(2, limit - FENCE_ROOM));
        List<String> parts = new ArrayList<>();
        String open = null; // the fence line the previous part left open
        for (String part : raw) {
            String body = open == null ? part : open + "\n" + part;
            open = openFence(body);
            parts.add(open == null ? body : body + (body.endsWith("\n") ? "" : "\n") + open.strip().substring(0, 3));
        }
        return parts;
    }

    /** Room for a closing fence line and a reopening one ({@code ```} plus a language of at most 20 characters). */
    private static final int FENCE_ROOM = 32;

    /** The opening fence line still open at the end of {@code text}, or null. */
    private static String openFence(String text) {
        String open = null;
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (open == null && (t.startsWith("```") || t.startsWith("~~~"))) {
                open = t.length() > 23 ? t.substring(0, 23) : t;
            } else if (open != null && t.equals(open.substring(0, 3))) {
                open = null;
            }
        }
        return open;
    }

    /** The index just after the last {@code sep} that ends within (start, end], or -1 (only past the first half). */
    private static int lastBoundary(String text, int start, int end, String sep) {
        int at = text.lastIndexOf(sep, end - sep.length());
        if (at < start + (end - start) / 2) {
            return -1;
        }
        return at + sep.length();
    }
}
