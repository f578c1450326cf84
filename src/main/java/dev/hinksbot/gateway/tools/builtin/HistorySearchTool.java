package dev.hinksbot.gateway.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.tools.Args;
import dev.hinksbot.gateway.tools.Texts;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.Tools;
import java.util.List;

/** session_history_search: full-text search over past conversations, through a {@link HistorySearcher}. */
final class HistorySearchTool {
    private final HistorySearcher history;
    private final int outputCap;

    HistorySearchTool(HistorySearcher history, BuiltinSettings settings) {
        this.history = history;
        this.outputCap = settings.outputCapChars();
    }

    Tool tool() {
        return Tools.builder("session_history_search")
                .description("Search the messages of this user's past chat sessions (your long-term memory of earlier "
                        + "conversations with them) for words or phrases. Returns the best matching messages with their session.")
                .group("search", "history", "memory")
                .param("query", "string", "Words to look for, e.g. 'backup script cron'", true)
                .intParam("limit", "Most hits to return (default 10)", false, 1, 100)
                .handler(this::search)
                .build();
    }

    private ToolResult search(JsonNode args, ToolContext ctx) throws Exception {
        String query = Args.string(args, "query").strip();
        int limit = (int) Args.integer(args, "limit", 10);
        if (query.isEmpty()) {
            return ToolResult.failure("argument 'query' must not be empty");
        }
        if (history == null) {
            return ToolResult.failure("session history is not available in this gateway");
        }
        List<String> hits;
        try {
            hits = history.search(ctx.sessionId(), query, limit);
        } catch (Exception e) {
            return ToolResult.failure("history search failed: " + e.getMessage());
        }
        if (hits == null || hits.isEmpty()) {
            return ToolResult.ok("No past messages match '" + query + "'.");
        }
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String hit : hits.subList(0, Math.min(limit, hits.size()))) {
            sb.append(++n).append(". ").append(hit.strip()).append("\n\n");
        }
        return ToolResult.ok(Texts.cap(sb.toString().stripTrailing(), outputCap));
    }
}
