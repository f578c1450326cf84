package dev.hinksbot.gateway.channels;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.agent.AgentEvent;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Tool progress lines for chat platforms, per run: {@code off} (none), {@code new} (the first call of each tool),
 * {@code all} (every call), {@code verbose} (every call with its arguments).
 */
public final class ToolProgress {
    private static final int ARGS_PREVIEW = 200;
    private final String mode;
    private final Set<String> seen = new HashSet<>();

    public ToolProgress(String mode) {
        this.mode = mode;
    }

    public Optional<String> line(AgentEvent.ToolStarted e) {
        if ("off".equals(mode) || "new".equals(mode) && !seen.add(e.toolName())) {
            return Optional.empty();
        }
        String line = icon(e.toolName()) + " " + e.toolName();
        if ("verbose".equals(mode) && e.arguments() != null && !e.arguments().isEmpty()) {
            String args = e.arguments().toString();
            line += " " + (args.length() > ARGS_PREVIEW ? args.substring(0, ARGS_PREVIEW) + "…" : args);
        } else if ("run_shell".equals(e.toolName()) && e.arguments() != null) {
            JsonNode cmd = e.arguments().get("command");
            if (cmd != null && cmd.isTextual()) {
                String c = cmd.asText();
                line = icon(e.toolName()) + " `" + (c.length() > 80 ? c.substring(0, 80) + "…" : c) + "`";
            }
        }
        return Optional.of(line + "...");
    }

    static String icon(String tool) {
        if (tool.equals("run_shell")) {
            return "💻";
        }
        if (tool.equals("web_search") || tool.equals("search_files") || tool.equals("session_history_search")) {
            return "🔍";
        }
        if (tool.equals("web_extract")) {
            return "📄";
        }
        if (tool.startsWith("file_")) {
            return "📁";
        }
        if (tool.equals("sys_metrics") || tool.equals("list_processes")) {
            return "📊";
        }
        return "⚙️";
    }
}
