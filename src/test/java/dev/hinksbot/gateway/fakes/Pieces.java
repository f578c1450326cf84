package dev.hinksbot.gateway.fakes;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic text splitting used by {@link ScriptedLlamaServer}, public so tests can predict chunk counts.
 */
public final class Pieces {
    private Pieces() {}

    /**
     * Splits text into word pieces the way a tokenizer-ish stream looks: each piece is one word together with the
     * whitespace that precedes it ("Hello from the fake." → "Hello", " from", " the", " fake.").
     * Concatenating the pieces gives back the input exactly. Empty/null text → no pieces.
     */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        int start = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) i++;
            while (i < n && !Character.isWhitespace(text.charAt(i))) i++;
            out.add(text.substring(start, i));
            start = i;
        }
        return out;
    }

    /**
     * Splits tool-call arguments into 2–4 fragments of near-equal length (fewer only when the string is shorter
     * than that): 1 fragment per ~8 chars, clamped to [2, 4]. Empty → no fragments.
     */
    public static List<String> fragments(String args) {
        List<String> out = new ArrayList<>();
        if (args == null || args.isEmpty()) {
            return out;
        }
        int n = Math.min(args.length(), Math.max(2, Math.min(4, args.length() / 8)));
        int len = args.length();
        for (int k = 0; k < n; k++) {
            out.add(args.substring(k * len / n, (k + 1) * len / n));
        }
        return out;
    }

    /**
     * The fake tokenizer behind {@code /tokenize}: one token per whitespace-separated word that has at least one
     * letter/digit, plus one token per punctuation (non letter/digit) character. "Hello, world!" → 4 tokens.
     * Word token ids are {@code 1000 + (hash mod 30000)}; punctuation ids are the character code.
     */
    public static List<Integer> tokenize(String text) {
        List<Integer> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) continue;
            StringBuilder core = new StringBuilder();
            List<Integer> punct = new ArrayList<>();
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (Character.isLetterOrDigit(c)) core.append(c);
                else punct.add((int) c);
            }
            if (core.length() > 0) out.add(1000 + Math.floorMod(core.toString().hashCode(), 30000));
            out.addAll(punct);
        }
        return out;
    }

    /** Number of whitespace-separated words (used as the fake prompt token count). */
    public static int wordCount(String text) {
        if (text == null || text.isBlank()) return 0;
        return text.trim().split("\\s+").length;
    }
}
