package dev.hinksbot.gateway.tools;

/** Keeps tool output within what a model context can take, saying how much was cut. */
public final class Texts {
    private Texts() {
    }

    public static String cap(String text, int maxChars) {
        if (text == null || maxChars <= 0 || text.length() <= maxChars) {
            return text;
        }
        int cut = text.length() - maxChars;
        return text.substring(0, maxChars) + "\n[output truncated: " + cut + " of " + text.length() + " characters cut]";
    }
}
