package dev.hinksbot.gateway.channels.commands;

/** A message shortened to one line for a command's answer or a session title. */
final class Previews {
    private Previews() {
    }

    static String of(String text) {
        String t = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return t.length() > 40 ? t.substring(0, 40) + "…" : t;
    }
}
