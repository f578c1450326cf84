package dev.hinksbot.gateway.agent;

import java.util.List;

/**
 * A named agent: its system prompt and, optionally, its own model, tool groups and turn limit (null = the gateway's
 * defaults). OpenAI clients pick one by passing its name as `model`. {@code sessionPerUser} opts the profile's Chat
 * Completions into a stored session per `user` field (front matter `sessions: per-user`); off, they are stateless.
 */
public record AgentProfile(String name, String description, String systemPrompt, String model, List<String> toolGroups,
                           Integer maxTurns, boolean sessionPerUser) {
    public AgentProfile {
        toolGroups = toolGroups == null ? null : List.copyOf(toolGroups);
    }

    public AgentProfile(String name, String description, String systemPrompt, String model, List<String> toolGroups,
                        Integer maxTurns) {
        this(name, description, systemPrompt, model, toolGroups, maxTurns, false);
    }
}
