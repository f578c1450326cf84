package dev.hinksbot.gateway.agent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Fits a conversation into the model's context: the system prompt and the newest turns are kept, older turns
 * dropped whole (a turn is a user message and everything that answers it), so a call is never separated from
 * its result and the conversation never starts mid-turn. Counting is exact (llama-server's `/tokenize`) only when the cheap
 * pessimistic estimate says the conversation might not fit.
 */
public final class ContextWindow {
    private final TokenCounter exact;
    private final IntSupplier contextSize;

    /**
     * @param exact       exact counter (e.g. backed by `/tokenize`, cached); may fall back to the estimate on error
     * @param contextSize tokens the model can take; 0 or less means unknown (nothing is trimmed)
     */
    public ContextWindow(TokenCounter exact, IntSupplier contextSize) {
        this.exact = exact;
        this.contextSize = contextSize;
    }

    /**
     * @param messages      system message (if any) first, then the conversation, oldest first
     * @param reservedTokens tokens kept free for tool schemas and the answer
     * @return the messages to send, in order
     */
    public List<ChatMessage> fit(List<ChatMessage> messages, int reservedTokens) {
        int size = contextSize.getAsInt();
        if (size <= 0) {
            return messages;
        }
        int budget = Math.max(size - reservedTokens, size / 4);
        if (total(messages, TokenCounter.ESTIMATE) <= budget) {
            return messages;
        }
        List<ChatMessage> system = new ArrayList<>();
        int start = 0;
        while (start < messages.size() && "system".equals(messages.get(start).role())) {
            system.add(messages.get(start++));
        }
        List<List<ChatMessage>> units = units(messages.subList(start, messages.size()));
        int used = total(system, exact);
        Deque<List<ChatMessage>> kept = new ArrayDeque<>();
        for (int i = units.size() - 1; i >= 0; i--) {
            int cost = total(units.get(i), exact);
            // The newest unit is always kept: without it there is nothing to answer.
            if (!kept.isEmpty() && used + cost > budget) {
                break;
            }
            used += cost;
            kept.addFirst(units.get(i));
        }
        List<ChatMessage> result = new ArrayList<>(system);
        kept.forEach(result::addAll);
        return result;
    }

    /**
     * Tokens left for the answer after {@code prompt} and {@code reservedTokens}, by the pessimistic estimate, or
     * null when the context size is unknown. Capping `max_tokens` with it makes a long answer end with
     * finish_reason `length` instead of llama-server failing with "context size exceeded".
     */
    public Integer answerBudget(List<ChatMessage> prompt, int reservedTokens) {
        int size = contextSize.getAsInt();
        if (size <= 0) {
            return null;
        }
        return Math.max(size - reservedTokens - total(prompt, TokenCounter.ESTIMATE), MIN_ANSWER_TOKENS);
    }

    /** Even an overfull prompt gets to say something; llama-server reports it if that is impossible. */
    private static final int MIN_ANSWER_TOKENS = 16;

    /**
     * Splits into whole turns: a user message with every assistant and tool message that answers it, so a
     * trimmed conversation starts with a user message and a tool call always keeps its result.
     */
    static List<List<ChatMessage>> units(List<ChatMessage> conversation) {
        List<List<ChatMessage>> units = new ArrayList<>();
        List<ChatMessage> current = null;
        for (ChatMessage m : conversation) {
            if (current == null || "user".equals(m.role())) {
                current = new ArrayList<>();
                units.add(current);
            }
            current.add(m);
        }
        return units;
    }

    private static int total(List<ChatMessage> messages, TokenCounter counter) {
        int sum = 0;
        for (ChatMessage m : messages) {
            sum += counter.count(m);
        }
        return sum;
    }
}
