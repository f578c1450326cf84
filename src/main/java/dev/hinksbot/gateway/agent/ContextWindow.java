package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntSupplier;

/**
 * Fits a conversation into the model's context by trimming history, never the answer: the system prompt and the
 * newest turns are kept, older turns dropped whole (a turn is a user message and everything that answers it), so a
 * call is never separated from its result and the conversation never starts mid-turn. Room is kept for the answer
 * ({@code answerReserve}, at most a quarter of the context); the answer itself is not capped — the model ends it,
 * or llama-server does when the context is full. Counting is exact (llama-server renders and tokenizes the prompt)
 * only when a cheap pessimistic estimate says the conversation might not fit.
 */
public final class ContextWindow {
    private final TokenCounter perMessage;
    private final PromptCounter prompt;
    private final IntSupplier contextSize;
    private final int answerReserve;

    /**
     * @param perMessage    exact per-message counter (e.g. `/tokenize`, cached), used when {@code prompt} cannot count
     * @param prompt        exact whole-prompt counter (template + tools), or {@link PromptCounter#NONE}
     * @param contextSize   tokens the model can take; 0 or less means unknown (nothing is trimmed)
     * @param answerReserve tokens kept free for the answer (capped at a quarter of the context)
     */
    public ContextWindow(TokenCounter perMessage, PromptCounter prompt, IntSupplier contextSize, int answerReserve) {
        this.perMessage = perMessage;
        this.prompt = prompt;
        this.contextSize = contextSize;
        this.answerReserve = Math.max(0, answerReserve);
    }

    /**
     * @param messages system message (if any) first, then the conversation, oldest first
     * @param tools    the tool schemas sent with the prompt
     * @return the messages to send, in order
     */
    public List<ChatMessage> fit(List<ChatMessage> messages, List<JsonNode> tools) {
        int size = contextSize.getAsInt();
        if (size <= 0) {
            return messages;
        }
        int budget = size - Math.min(answerReserve, size / 4);
        int schemaEstimate = tools.isEmpty() ? 0 : (Json.write(tools).length() + 2) / 3;
        if (total(messages, TokenCounter.ESTIMATE) + schemaEstimate <= budget) {
            return messages;
        }
        List<ChatMessage> system = new ArrayList<>();
        int start = 0;
        while (start < messages.size() && "system".equals(messages.get(start).role())) {
            system.add(messages.get(start++));
        }
        List<List<ChatMessage>> units = units(messages.subList(start, messages.size()));
        if (units.isEmpty()) {
            return messages;
        }
        // As many of the newest units as fit; cost grows with every unit kept, so a binary search needs log2(n) counts.
        // The newest unit is always kept: without it there is nothing to answer.
        if (cost(system, units, units.size(), tools, schemaEstimate) <= budget) {
            return messages; // the estimate was pessimistic: it fits as it is
        }
        int low = 1;
        int high = units.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) / 2;
            if (cost(system, units, mid, tools, schemaEstimate) <= budget) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return keep(system, units, low);
    }

    private int cost(List<ChatMessage> system, List<List<ChatMessage>> units, int kept, List<JsonNode> tools, int schemaEstimate) {
        List<ChatMessage> candidate = keep(system, units, kept);
        OptionalInt exact = prompt.count(candidate, tools);
        return exact.isPresent() ? exact.getAsInt() : total(candidate, perMessage) + schemaEstimate;
    }

    private static List<ChatMessage> keep(List<ChatMessage> system, List<List<ChatMessage>> units, int kept) {
        List<ChatMessage> result = new ArrayList<>(system);
        units.subList(units.size() - kept, units.size()).forEach(result::addAll);
        return result;
    }

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
