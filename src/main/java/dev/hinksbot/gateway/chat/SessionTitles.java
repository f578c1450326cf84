package dev.hinksbot.gateway.chat;

/** A session's title from its first user message: one line, at most 60 characters (as the web UI makes them). */
final class SessionTitles {
    static final int MAX = 60;

    private SessionTitles() {
    }

    static String fromFirstMessage(String text) {
        if (text == null) {
            return null;
        }
        String line = text.replaceAll("\\s+", " ").strip();
        if (line.isEmpty()) {
            return null;
        }
        return line.length() > MAX ? line.substring(0, MAX - 3) + "…" : line;
    }
}
