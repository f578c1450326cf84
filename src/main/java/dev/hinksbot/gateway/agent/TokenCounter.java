package dev.hinksbot.gateway.agent;

/** Counts the tokens a message costs in the prompt. */
@FunctionalInterface
public interface TokenCounter {
    int count(ChatMessage message);

    /** Per-message overhead of the chat template (role markers, separators). */
    int MESSAGE_OVERHEAD = 8;

    /**
     * A deliberately pessimistic estimate: one token per 3 UTF-8 bytes (CJK text is ~1 token per 3-byte char,
     * English ~4 chars per token). Used to decide cheaply whether exact counting is needed at all.
     */
    TokenCounter ESTIMATE = message -> {
        int bytes = utf8Length(message.content());
        for (ToolCall call : message.toolCalls()) {
            bytes += utf8Length(call.name()) + utf8Length(call.arguments()) + 16;
        }
        return MESSAGE_OVERHEAD + (bytes + 2) / 3;
    };

    static int utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }
}
