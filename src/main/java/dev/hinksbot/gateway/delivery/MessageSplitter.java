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

    /** The index just after the last {@code sep} that ends within (start, end], or -1 (only past the first half). */
    private static int lastBoundary(String text, int start, int end, String sep) {
        int at = text.lastIndexOf(sep, end - sep.length());
        if (at < start + (end - start) / 2) {
            return -1;
        }
        return at + sep.length();
    }
}
