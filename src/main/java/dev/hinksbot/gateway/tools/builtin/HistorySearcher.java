package dev.hinksbot.gateway.tools.builtin;

import java.util.List;

/** Searches past session messages for session_history_search; each string is one formatted hit. */
@FunctionalInterface
public interface HistorySearcher {
    List<String> search(String query, int limit) throws Exception;
}
