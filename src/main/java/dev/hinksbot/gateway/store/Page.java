package dev.hinksbot.gateway.store;

import java.util.List;

/** One page of results; {@code page} is 1-based, {@code total} counts all matching rows. */
public record Page<T>(List<T> items, int page, int limit, long total) {
    public Page {
        items = List.copyOf(items);
    }

    public long totalPages() {
        return limit <= 0 ? 0 : (total + limit - 1) / limit;
    }

    public boolean hasNext() {
        return (long) page * limit < total;
    }

    static final int MAX_LIMIT = 500;

    static int clampPage(int page) {
        return Math.max(1, page);
    }

    static int clampLimit(int limit) {
        return Math.min(MAX_LIMIT, Math.max(1, limit));
    }

    static long offset(int page, int limit) {
        return (long) (page - 1) * limit;
    }
}
