package dev.hinksbot.gateway.agent;

import java.util.List;

/**
 * A named agent: its system prompt and, optionally, its own model, tool groups and turn limit (null = the gateway's
 * defaults). OpenAI clients pick one by passing its name as `model`.
 */
public record AgentProfile(String name, String description, String systemPrompt, String model, List<String> toolGroups,
                           Integer maxTurns) {
    public AgentProfile {
        toolGroups = toolGroups == null ? null : List.copyOf(toolGroups);
    }
}
