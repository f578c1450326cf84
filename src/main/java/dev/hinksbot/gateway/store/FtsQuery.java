package dev.hinksbot.gateway.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns arbitrary user text into a safe FTS5 MATCH expression: every whitespace-separated token becomes a
 * double-quoted string (so operators like AND, NEAR(, -, parentheses and quotes are just text), tokens are
 * ANDed, and a trailing '*' keeps prefix search. Tokens without any letter or digit are dropped because
 * they would match nothing.
 */
final class FtsQuery {
    static final int MAX_TERMS = 32;

    private FtsQuery() {
    }

    static Optional<String> of(String userText) {
        if (userText == null || userText.isBlank()) {
            return Optional.empty();
        }
        List<String> terms = new ArrayList<>();
        // Control characters separate words; a NUL inside a quoted term would end FTS5's string early (a syntax error).
        String text = userText.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        for (String token : text.strip().split("\\s+")) {
            boolean prefix = token.endsWith("*");
            String core = token.replaceAll("\\*+$", "");
            if (!hasWordCharacter(core)) {
                continue;
            }
            String quoted = '"' + core.replace("\"", "\"\"") + '"';
            terms.add(prefix ? quoted + '*' : quoted);
            if (terms.size() == MAX_TERMS) {
                break;
            }
        }
        return terms.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", terms));
    }

    private static boolean hasWordCharacter(String s) {
        return s.codePoints().anyMatch(Character::isLetterOrDigit);
    }
}
