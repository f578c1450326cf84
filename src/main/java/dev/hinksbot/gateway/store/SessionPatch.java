package dev.hinksbot.gateway.store;

import java.util.List;

/** Partial session update: a null field leaves the stored value unchanged. */
public record SessionPatch(String title, String model, String systemPrompt, List<String> toolOptions, Integer maxTurns) {
    public SessionPatch {
        toolOptions = toolOptions == null ? null : List.copyOf(toolOptions);
    }

    public static SessionPatch title(String title) {
        return new SessionPatch(title, null, null, null, null);
    }

    public boolean isEmpty() {
        return title == null && model == null && systemPrompt == null && toolOptions == null && maxTurns == null;
    }
}
