package dev.hinksbot.gateway.common;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean …?": the closest of some names to a mistyped one, when it is close enough to be the one meant. */
public final class Suggestions {
    private Suggestions() {
    }

    public static Optional<String> closest(String typed, Collection<String> candidates) {
        return candidates.stream()
                .min(Comparator.comparingInt(k -> distance(k, typed)))
                .filter(k -> distance(k, typed) <= Math.max(3, typed.length() / 4));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
