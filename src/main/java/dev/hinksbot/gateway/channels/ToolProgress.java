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
        if ("verbose".equals(mode) && e.arguments() != null && !e.arguments().isEmpty()) {
            String args = e.arguments().toString();
            return Optional.of(icon(e.toolName()) + " " + e.toolName() + " "
                    + (args.length() > ARGS_PREVIEW ? args.substring(0, ARGS_PREVIEW) + "…" : args) + "...");
        }
        return Optional.of(describe(e.toolName(), e.arguments(), 80) + "...");
    }

    /**
     * The question a chat shows for a call waiting for approval, whatever the progress mode. A background run has its
     * own session, so its answer must name the request.
     */
    public static String approvalQuestion(AgentEvent.ApprovalRequested e, boolean background) {
        String answer = background ? "/approve " + e.requestId() + " or /deny " + e.requestId() : "/approve or /deny";
        return "⚠️ Approval needed: " + describe(e.toolName(), e.arguments(), 500) + " — " + e.reason()
                + ".\nReply " + answer + ".";
    }

    /** A shell command shows as itself, other tools by name. */
    private static String describe(String tool, JsonNode arguments, int maxCommand) {
        JsonNode cmd = arguments == null ? null : arguments.get("command");
        if ("run_shell".equals(tool) && cmd != null && cmd.isTextual()) {
            String c = cmd.asText();
            return icon(tool) + " `" + (c.length() > maxCommand ? c.substring(0, maxCommand) + "…" : c) + "`";
        }
        return icon(tool) + " " + tool;
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
