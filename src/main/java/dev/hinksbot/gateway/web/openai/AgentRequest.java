package dev.hinksbot.gateway.web.openai;

import dev.hinksbot.gateway.agent.AgentProfile;
import dev.hinksbot.gateway.agent.ChatMessage;
import dev.hinksbot.gateway.agent.ClientToolBridge;
import dev.hinksbot.gateway.agent.ModelParams;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.tools.ToolSpec;
import java.util.List;

/**
 * What an OpenAI-style request asks of the agent: the profile, system text the client layers on top of the
 * profile's prompt, the client's own tools, and the messages (all of them for a stateless run; for a stored session
 * only the new ones are appended), the client's cap on answer length and its sampling and format parameters.
 */
record AgentRequest(AgentProfile profile, String clientSystemText, List<ToolSpec> clientTools, List<ChatMessage> messages,
                    Integer maxAnswerTokens, ModelParams params) {
    AgentRequest {
        clientTools = List.copyOf(clientTools);
        messages = List.copyOf(messages);
    }

    /** The run's options: the profile's choices, the client's system text after the profile's prompt. */
    ChatService.RunOptions runOptions() {
        String prompt = profile.systemPrompt() == null ? "" : profile.systemPrompt();
        if (clientSystemText != null && !clientSystemText.isBlank()) {
            prompt = prompt.isBlank() ? clientSystemText : prompt + "\n\n" + clientSystemText;
        }
        return new ChatService.RunOptions(profile.model(), prompt, profile.toolGroups(), profile.maxTurns(), clientTools,
                ClientToolBridge.RETURN_TO_CALLER, maxAnswerTokens, params);
    }
}
