package dev.hinksbot.gateway.web.api;

import dev.hinksbot.gateway.store.Session;
import dev.hinksbot.gateway.store.StoredMessage;
import java.util.List;

/** A session as a readable Markdown document. */
final class MarkdownExport {
    private MarkdownExport() {
    }

    static String render(Session session, List<StoredMessage> messages) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(session.title()).append("\n\n");
        md.append("- Session: `").append(session.id()).append("`\n");
        md.append("- Created: ").append(session.createdAt()).append("\n");
        if (session.model() != null) {
            md.append("- Model: ").append(session.model()).append("\n");
        }
        md.append("\n");
        for (StoredMessage m : messages) {
            switch (m.role()) {
                case "user" -> md.append("## User\n\n").append(nullToEmpty(m.content())).append("\n\n");
                case "assistant" -> {
                    md.append("## Assistant");
                    if (!"complete".equals(m.status())) {
                        md.append(" (").append(m.status()).append(")");
                    }
                    md.append("\n\n");
                    if (m.content() != null && !m.content().isEmpty()) {
                        md.append(m.content()).append("\n\n");
                    }
                    var calls = Views.toolCalls(m.toolCallsJson());
                    if (calls != null) {
                        for (var call : calls) {
                            md.append("> Tool call `").append(call.path("name").asText()).append("` ")
                                    .append(call.path("arguments").asText()).append("\n\n");
                        }
                    }
                }
                case "tool" -> md.append("### Tool result: `").append(m.toolName()).append("`\n\n```\n")
                        .append(nullToEmpty(m.content()).replace("```", "ʼʼʼ")).append("\n```\n\n");
                default -> md.append("## ").append(m.role()).append("\n\n").append(nullToEmpty(m.content())).append("\n\n");
            }
        }
        return md.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
