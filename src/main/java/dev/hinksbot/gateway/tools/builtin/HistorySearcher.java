package dev.hinksbot.gateway.tools.builtin;

import java.util.List;

/**
 * Searches past session messages for session_history_search; each string is one formatted hit. {@code sessionId} is
 * the session the tool runs for (from its {@code ToolContext}, never from the model's arguments): only sessions of the
 * same owner are searched, so one user's model cannot read another user's conversations.
 */
@FunctionalInterface
public interface HistorySearcher {
    List<String> search(String sessionId, String query, int limit) throws Exception;
}
