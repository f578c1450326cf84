package dev.hinksbot.gateway.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Token counts by text, in a bounded LRU (the same history and candidate prompts recur turn after turn), keyed by
 * a SHA-256 digest so the cache holds no conversation text. Thread-safe.
 */
final class CountCache {
    private final Map<String, Integer> entries;

    CountCache(int maxEntries) {
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > maxEntries;
            }
        };
    }

    OptionalInt get(String text) {
        String key = digest(text);
        synchronized (entries) {
            Integer count = entries.get(key);
            return count == null ? OptionalInt.empty() : OptionalInt.of(count);
        }
    }

    void put(String text, int count) {
        String key = digest(text);
        synchronized (entries) {
            entries.put(key, count);
        }
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
