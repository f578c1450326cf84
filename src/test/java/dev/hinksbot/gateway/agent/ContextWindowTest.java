package dev.hinksbot.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ContextWindowTest {

    /** Long enough that the cheap estimate (~1 token / 3 bytes) says it may not fit. */
    private static String text(String tag) {
        return tag + " " + "x".repeat(600);
    }

    /** Exact counter: every message costs 100 tokens. */
    private static final TokenCounter HUNDRED = m -> 100;

    /** Per-message counts only; the answer reserve is capped at a quarter of the context. */
    private static ContextWindow window(int contextSize, int answerReserve) {
        return new ContextWindow(HUNDRED, PromptCounter.NONE, () -> contextSize, answerReserve);
    }

    private static List<String> tags(List<ChatMessage> messages) {
        return messages.stream().map(m -> m.role() + ":" + (m.content() == null ? "" : m.content().split(" ")[0]))
                .collect(Collectors.toList());
    }

    @Test
    void nothingIsTrimmedWhenItFits() {
        List<ChatMessage> messages = List.of(ChatMessage.system("sys"), ChatMessage.user("hi"),
                ChatMessage.assistant("hello", List.of()), ChatMessage.user("how are you?"));
        assertThat(window(4096, 1024).fit(messages, List.of())).containsExactlyElementsOf(messages);
    }

    @Test
    void unknownContextSizeLeavesEverythingAlone() {
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            messages.add(ChatMessage.user(text("u" + i)));
        }
        assertThat(window(0, 1024).fit(messages, List.of())).containsExactlyElementsOf(messages);
        assertThat(new ContextWindow(HUNDRED, PromptCounter.NONE, () -> -1, 1024).fit(messages, List.of())).containsExactlyElementsOf(messages);
    }

    @Test
    void oldestTurnsAreDroppedAndSystemPromptKept() {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(text("sys")));
        for (int i = 1; i <= 10; i++) {
            messages.add(ChatMessage.user(text("u" + i)));
            messages.add(ChatMessage.assistant(text("a" + i), List.of()));
        }
        messages.add(ChatMessage.user(text("last")));

        // budget = 800 - 200 = 600 tokens = the system prompt and 5 more messages of 100
        List<ChatMessage> fitted = window(800, 200).fit(messages, List.of());

        assertThat(tags(fitted)).containsExactly("system:sys", "user:u9", "assistant:a9", "user:u10", "assistant:a10", "user:last");
    }

    @Test
    void newestUnitIsKeptEvenWhenItAloneIsTooBig() {
        TokenCounter huge = m -> m.content().startsWith("last") ? 10_000 : 100;
        List<ChatMessage> messages = List.of(ChatMessage.system(text("sys")), ChatMessage.user(text("old")),
                ChatMessage.assistant(text("reply"), List.of()), ChatMessage.user(text("last")));

        List<ChatMessage> fitted = new ContextWindow(huge, PromptCounter.NONE, () -> 1000, 500).fit(messages, List.of());

        assertThat(tags(fitted)).containsExactly("system:sys", "user:last");
    }

    @Test
    void toolCallsAreNeverSeparatedFromTheirResults() {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(text("sys")));
        messages.add(ChatMessage.user(text("u1")));
        messages.add(ChatMessage.assistant("", List.of(new ToolCall("t1", "ls", "{}"), new ToolCall("t2", "cat", "{}"))));
        messages.add(ChatMessage.tool("t1", "ls", text("r1")));
        messages.add(ChatMessage.tool("t2", "cat", text("r2")));
        messages.add(ChatMessage.assistant(text("a1"), List.of()));
        messages.add(ChatMessage.user(text("u2")));
        messages.add(ChatMessage.assistant("", List.of(new ToolCall("t3", "ls", "{}"))));
        messages.add(ChatMessage.tool("t3", "ls", text("r3")));

        for (int budget = 50; budget <= 1200; budget += 25) {
            List<ChatMessage> fitted = window(budget + 100, 100).fit(messages, List.of());

            assertThat(fitted.get(0).role()).as("system first at budget %d", budget).isEqualTo("system");
            // the newest unit (assistant t3 + its result) is always there
            assertThat(fitted.get(fitted.size() - 1).toolCallId()).isEqualTo("t3");
            Set<String> called = fitted.stream().flatMap(m -> m.toolCalls().stream()).map(ToolCall::id).collect(Collectors.toSet());
            Set<String> answered = fitted.stream().filter(m -> "tool".equals(m.role())).map(ChatMessage::toolCallId)
                    .collect(Collectors.toSet());
            assertThat(answered).as("results without their call / calls without results at budget %d: %s", budget, tags(fitted))
                    .isEqualTo(called);
            // what is kept is a contiguous newest suffix of the conversation, in order
            List<ChatMessage> tail = fitted.subList(1, fitted.size());
            assertThat(messages.subList(messages.size() - tail.size(), messages.size())).containsExactlyElementsOf(tail);
            // and the first kept conversation message is never a tool result
            if (!tail.isEmpty()) {
                assertThat(tail.get(0).role()).isNotEqualTo("tool");
            }
        }
    }

    @Test
    void anEarlierTurnThatDoesNotFitIsDroppedWholeWithItsToolCalls() {
        List<ChatMessage> messages = List.of(
                ChatMessage.system(text("sys")),
                ChatMessage.user(text("u1")),
                ChatMessage.assistant("", List.of(new ToolCall("t1", "ls", "{}"), new ToolCall("t2", "cat", "{}"))),
                ChatMessage.tool("t1", "ls", text("r1")),
                ChatMessage.tool("t2", "cat", text("r2")),
                ChatMessage.assistant(text("a1"), List.of()),
                ChatMessage.user(text("u2")));

        // 525 budget: sys + u2 = 200; the first turn (u1, its tool calls and results, a1) costs 500 → gone whole.
        assertThat(tags(window(700, 175).fit(messages, List.of()))).containsExactly("system:sys", "user:u2");
        // A budget that holds everything keeps everything, in order.
        assertThat(window(5000, 500).fit(messages, List.of())).containsExactlyElementsOf(messages);
    }

    @Test
    void theRenderedPromptIsCountedWhenItCanBeAndToolsCountAsTheTemplateRendersThem() {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(text("sys")));
        for (int i = 1; i <= 6; i++) {
            messages.add(ChatMessage.user(text("u" + i)));
            messages.add(ChatMessage.assistant(text("a" + i), List.of()));
        }
        messages.add(ChatMessage.user(text("last")));
        // big schemas whose JSON estimate alone would leave no room, but the template renders them in 10 tokens
        List<com.fasterxml.jackson.databind.JsonNode> tools = List.of(dev.hinksbot.gateway.common.Json.object()
                .put("type", "function").put("description", "y".repeat(30_000)));
        List<Integer> counted = new ArrayList<>();
        PromptCounter rendered = (candidate, t) -> {
            counted.add(candidate.size());
            return java.util.OptionalInt.of(candidate.size() * 50 + 10);
        };
        // 2048 - min(1024, 512) = 1536 budget: all 14 messages render to 710 tokens → nothing dropped
        assertThat(new ContextWindow(HUNDRED, rendered, () -> 2048, 1024).fit(messages, tools)).containsExactlyElementsOf(messages);

        // 400 - 100 = 300 budget: 1 system + 4 messages (250 + 10) fit, so the newest two turns minus one are kept
        counted.clear();
        List<ChatMessage> fitted = new ContextWindow(HUNDRED, rendered, () -> 400, 1024).fit(messages, tools);
        assertThat(tags(fitted)).containsExactly("system:sys", "user:u6", "assistant:a6", "user:last");
        assertThat(counted).as("a binary search, not one count per turn").hasSizeLessThanOrEqualTo(4);
    }
}
