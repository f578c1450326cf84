package dev.hinksbot.gateway.tools.manifest;

/** POSIX shell quoting: the value becomes exactly one word, whatever it contains. */
final class ShellQuote {
    private ShellQuote() {
    }

    static String quote(String value) {
        // inside single quotes nothing is special; a single quote itself is closed, escaped and reopened
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
