package dev.hinksbot.gateway.store;

import java.time.Instant;

/**
 * A search result. {@code snippet} is HTML-safe: the text is HTML-escaped and matches are wrapped in
 * {@code <mark>…</mark>}. {@code score} is the negated FTS5 bm25 rank, so higher is more relevant.
 * A hit on a session title has {@code messageId} and {@code role} null and the session's creation time.
 */
public record SearchHit(
        String sessionId,
        String sessionTitle,
        String messageId,
        String role,
        String snippet,
        double score,
        Instant createdAt) {

    public boolean isTitleHit() {
        return messageId == null;
    }
}
