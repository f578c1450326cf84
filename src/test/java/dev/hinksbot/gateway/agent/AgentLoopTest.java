package dev.hinksbot.gateway.agent;

import static dev.hinksbot.gateway.agent.LlamaClientTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.CancelSignal;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AgentLoopTest {

    interface Body {
        ToolResult run(JsonNode args, ToolContext ctx) throws Exception;
    }

    static Tool tool(String name, Body body) {
        ToolSpec spec = spec(name);
        return new Tool() {
            @Override
            public ToolSpec spec() {
                return spec;
            }

            @Override
            public ToolResult execute(JsonNode arguments, ToolContext context) throws Exception {
                return body.run(arguments, context);
            }
        };
    }

    static ToolSpec spec(String name) {
        return new ToolSpec(name, "the " + name + " tool",
                Json.object().put("type", "object").set("properties", Json.object()), List.of("test"));
    }

    private ScriptedLlamaServer fake;
    private LlamaClient llama;
    private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    private final CancelSignal cancel = new CancelSignal();
    private final Map<String, CompletableFuture<ToolResult>> clientResults = new ConcurrentHashMap<>();
    private final ClientToolBridge bridge = id -> clientResults.computeIfAbsent(id, k -> new CompletableFuture<>());

    @BeforeEach
    void start() {
        fake = ScriptedLlamaServer.start();
        llama = LlamaClientTest.client(fake.baseUrl(), null, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        llama.close();
        fake.close();
    }

    private AgentLoop loop(Duration clientTimeout) {
        return new AgentLoop(llama, new ContextWindow(TokenCounter.ESTIMATE, PromptCounter.NONE, () -> 0, 1024), clientTimeout);
    }

    private AgentRun run(List<Tool> tools, List<ToolSpec> clientTools, int maxTurns) {
        return new AgentRun("run_1", "ses_1", "msg_user", null, "You are a test bot.",
                List.of(ChatMessage.user("Hello there")), tools, clientTools, bridge, maxTurns, cancel);
    }

    private void runNow(List<Tool> tools) {
        loop(Duration.ofSeconds(5)).run(run(tools, List.of(), 5), events::add);
    }

    private <T extends AgentEvent> List<T> all(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    private AgentEvent last() {
        return events.get(events.size() - 1);
    }

    /** The tool messages of the request at {@code index}, by tool_call_id. */
    private JsonNode toolMessage(int request, String toolCallId) {
        for (JsonNode m : fake.chatRequests().get(request).get("messages")) {
            if ("tool".equals(m.path("role").asText()) && toolCallId.equals(m.path("tool_call_id").asText())) {
                return m;
            }
        }
        throw new AssertionError("no tool message for " + toolCallId + " in request " + request);
    }

    // ------------------------------------------------------------------ happy paths

    @Test
    void finalAnswerInOneTurn() {
        fake.enqueue(Reply.text("Hi! How can I help?"));

        runNow(List.of());

        assertThat(events.get(0)).isInstanceOf(AgentEvent.RunStarted.class);
        assertThat(events.get(1)).isInstanceOfSatisfying(AgentEvent.TurnStarted.class, t -> assertThat(t.turn()).isEqualTo(1));
        String messageId = ((AgentEvent.TurnStarted) events.get(1)).messageId();
        List<AgentEvent.AssistantDelta> deltas = all(AgentEvent.AssistantDelta.class);
        assertThat(deltas).isNotEmpty();
        assertThat(events.subList(2, 2 + deltas.size())).containsExactlyElementsOf(deltas);
        assertThat(deltas.stream().map(AgentEvent.AssistantDelta::delta).collect(Collectors.joining())).isEqualTo("Hi! How can I help?");
        assertThat(events.get(2 + deltas.size())).isInstanceOfSatisfying(AgentEvent.AssistantCompleted.class, c -> {
            assertThat(c.status()).isEqualTo("complete");
            assertThat(c.content()).isEqualTo("Hi! How can I help?");
            assertThat(c.messageId()).isEqualTo(messageId);
            assertThat(c.toolCalls()).isEmpty();
        });
        assertThat(last()).isInstanceOfSatisfying(AgentEvent.RunCompleted.class, r -> {
            assertThat(r.stopReason()).isEqualTo("stop");
            assertThat(r.turns()).isEqualTo(1);
            assertThat(r.usage().completionTokens()).isGreaterThan(0);
        });
        assertThat(events).hasSize(4 + deltas.size());
        assertThat(events).allSatisfy(e -> {
            assertThat(e.runId()).isEqualTo("run_1");
            assertThat(e.sessionId()).isEqualTo("ses_1");
        });
    }

    @Test
    void systemPromptIsFirstThenHistory() {
        runNow(List.of());
        JsonNode messages = fake.lastChatRequest().get("messages");
        assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).get("content").asText()).isEqualTo("You are a test bot.");
        assertThat(messages.get(1).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).get("content").asText()).isEqualTo("Hello there");
        assertThat(messages).hasSize(2);
    }

    @Test
    void lengthStopIsReported() {
        fake.enqueue(Reply.length("and then"));
        runNow(List.of());
        assertThat(last()).isInstanceOfSatisfying(AgentEvent.RunCompleted.class,
                r -> assertThat(r.stopReason()).isEqualTo("length"));
    }

    @Test
    void toolCallRunsTheToolAndFeedsTheResultBack() {
        List<JsonNode> seenArgs = new CopyOnWriteArrayList<>();
        Tool weather = tool("get_weather", (args, ctx) -> {
            seenArgs.add(args);
            return ToolResult.ok("Sunny, 21 C in " + args.path("city").asText());
        });
        fake.enqueue(Reply.toolCalls(new ToolCallSpec("call_w1", "get_weather", "{\"city\":\"Paris\"}")));
        fake.enqueue(Reply.text("It is sunny in Paris."));

        runNow(List.of(weather));

        assertThat(seenArgs).singleElement().satisfies(a -> assertThat(a.path("city").asText()).isEqualTo("Paris"));
        // tools are advertised
        assertThat(fake.chatRequests().get(0).at("/tools/0/function/name").asText()).isEqualTo("get_weather");

        JsonNode messages = fake.chatRequests().get(1).get("messages");
        assertThat(messages).hasSize(4);
        JsonNode assistant = messages.get(2);
        assertThat(assistant.get("role").asText()).isEqualTo("assistant");
        assertThat(assistant.at("/tool_calls/0/id").asText()).isEqualTo("call_w1");
        assertThat(assistant.at("/tool_calls/0/type").asText()).isEqualTo("function");
        assertThat(assistant.at("/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(Json.parseArgumentsLenient(assistant.at("/tool_calls/0/function/arguments").asText()).path("city").asText())
                .isEqualTo("Paris");
        JsonNode toolMsg = messages.get(3);
        assertThat(toolMsg.get("role").asText()).isEqualTo("tool");
        assertThat(toolMsg.get("tool_call_id").asText()).isEqualTo("call_w1");
        assertThat(toolMsg.get("content").asText()).isEqualTo("Sunny, 21 C in Paris");

        AgentEvent.ToolStarted started = all(AgentEvent.ToolStarted.class).get(0);
        assertThat(started.toolCallId()).isEqualTo("call_w1");
        assertThat(started.clientSide()).isFalse();
        assertThat(started.arguments().path("city").asText()).isEqualTo("Paris");
        assertThat(all(AgentEvent.ToolCompleted.class)).singleElement().satisfies(d -> {
            assertThat(d.success()).isTrue();
            assertThat(d.output()).isEqualTo("Sunny, 21 C in Paris");
        });
        assertThat(all(AgentEvent.TurnStarted.class)).extracting(AgentEvent.TurnStarted::turn).containsExactly(1, 2);
        assertThat(last()).isInstanceOfSatisfying(AgentEvent.RunCompleted.class, r -> {
            assertThat(r.stopReason()).isEqualTo("stop");
            assertThat(r.turns()).isEqualTo(2);
        });
        // order: tool.started before tool.completed before the second turn
        assertThat(events.indexOf(started)).isLessThan(events.indexOf(all(AgentEvent.ToolCompleted.class).get(0)));
        assertThat(events.indexOf(all(AgentEvent.ToolCompleted.class).get(0)))
                .isLessThan(events.indexOf(all(AgentEvent.TurnStarted.class).get(1)));
    }

    @Test
    void severalToolCallsInOneTurnAllRunAndAllResultsGoBackInOrder() {
        Tool echo = tool("echo", (args, ctx) -> ToolResult.ok("echo:" + args.path("v").asText()));
        fake.enqueue(Reply.toolCalls(
                new ToolCallSpec("c1", "echo", "{\"v\":\"one\"}"),
                new ToolCallSpec("c2", "echo", "{\"v\":\"two\"}"),
                new ToolCallSpec("c3", "echo", "{\"v\":\"three\"}")).interleaved());
        fake.enqueue(Reply.text("done"));

        runNow(List.of(echo));

        JsonNode messages = fake.chatRequests().get(1).get("messages");
        assertThat(messages).hasSize(6);
        assertThat(messages.get(2).get("tool_calls")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            String id = "c" + (i + 1);
            assertThat(messages.get(2).get("tool_calls").get(i).get("id").asText()).isEqualTo(id);
            assertThat(messages.get(3 + i).get("role").asText()).isEqualTo("tool");
            assertThat(messages.get(3 + i).get("tool_call_id").asText()).isEqualTo(id);
        }
        assertThat(toolMessage(1, "c1").get("content").asText()).isEqualTo("echo:one");
        assertThat(toolMessage(1, "c2").get("content").asText()).isEqualTo("echo:two");
        assertThat(toolMessage(1, "c3").get("content").asText()).isEqualTo("echo:three");
        assertThat(all(AgentEvent.ToolCompleted.class)).hasSize(3);
    }

    // ------------------------------------------------------------------ tool failures are fed back

    @Test
    void unknownToolGivesAnErrorResultAndTheRunContinues() {
        Tool echo = tool("echo", (args, ctx) -> ToolResult.ok("x"));
        fake.enqueue(Reply.toolCalls(new ToolCallSpec("c1", "rm_rf", "{}")));
        fake.enqueue(Reply.text("Sorry, I cannot."));

        runNow(List.of(echo));

        String content = toolMessage(1, "c1").get("content").asText();
        assertThat(content).startsWith("Error:").contains("rm_rf").contains("echo");
        assertThat(all(AgentEvent.ToolCompleted.class)).singleElement().satisfies(d -> assertThat(d.success()).isFalse());
        assertThat(last()).isInstanceOfSatisfying(AgentEvent.RunCompleted.class,
                r -> assertThat(r.stopReason()).isEqualTo("stop"));
    }

    @Test
    void malformedArgumentsGiveAnErrorResultWithoutRunningTheTool() {
        List<JsonNode> calls = new CopyOnWriteArrayList<>();
        Tool echo = tool("echo", (args, ctx) -> {
            calls.add(args);
            return ToolResult.ok("ran");
        });
        fake.enqueue(Reply.toolCalls(new ToolCallSpec("c1", "echo", "{\"v\": \"unterminated")));
        fake.enqueue(Reply.text("oops"));

        runNow(List.of(echo));

        assertThat(calls).isEmpty();
        assertThat(toolMessage(1, "c1").get("content").asText()).startsWith("Error:").contains("not valid JSON");
        assertThat(last()).isInstanceOf(AgentEvent.RunCompleted.class);
    }

    @Test
    void aThrowingToolGivesAnErrorResult() {
        Tool bad = tool("bad", (args, ctx) -> {
            throw new IllegalStateException("disk on fire");
        });
        fake.enqueue(Reply.toolCalls(new ToolCallSpec("c1", "bad", "{}")));
        fake.enqueue(Reply.text("That failed."));

        runNow(List.of(bad));

        assertThat(toolMessage(1, "c1").get("content").asText()).startsWith("Error:").contains("disk on fire");
        assertThat(all(AgentEvent.ToolCompleted.class)).singleElement().satisfies(d -> {
            assertThat(d.success()).isFalse();
            assertThat(d.error()).contains("disk on fire");
        });
        assertThat(last()).isInstanceOfSatisfying(AgentEvent.RunCompleted.class,
                r -> assertThat(r.stopReason()).isEqualTo("stop"));
    }

    @Test
    void maxTurnsStopsTheRun() {
        Tool echo = tool("echo", (args, ctx) -> ToolResult.ok("again"));
        fake.setDefaultReply(Reply.toolCalls(new ToolCallSpec("c", "echo", "{}")));

        loop(Duration.ofSeconds(5)).run(run(List.of(echo), List.of(), 3), events::add);

        assertThat(fake.chatRequests()).hasSize(3);
        assertThat(all(AgentEvent.TurnStarted.class)).hasSize(3);
        assertThat(last()).isInstanceOfSatisfying(AgentEvent.RunCompleted.class, r -> {
            assertThat(r.stopReason()).isEqualTo("max_turns");
            assertThat(r.turns()).isEqualTo(3);
        });
    }

    // ------------------------------------------------------------------ failures and cancel

    @Test
    void modelErrorMidStreamKeepsThePartialAnswerAndFailsTheRun() {
        fake.enqueue(Reply.midStreamError("I was saying", "slot crashed"));

        runNow(List.of());

        AgentEvent.AssistantCompleted partial = all(AgentEvent.AssistantCompleted.class).get(0);
        assertThat(partial.status()).isEqualTo("failed");
        assertThat(partial.content()).isEqualTo("I was saying");
        assertThat(last()).isInstanceOfSatisfying(AgentEvent.RunFailed.class, f -> {
            assertThat(f.code()).isEqualTo("model_error");
            assertThat(f.message()).contains("slot crashed");
            assertThat(f.messageId()).isEqualTo(partial.messageId());
        });
        assertThat(events.indexOf(partial)).isEqualTo(events.size() - 2);
        assertThat(all(AgentEvent.RunCompleted.class)).isEmpty();
    }

    @Test
    void modelUnavailableBeforeAnyTextFailsTheRunWithItsCode() {
        fake.enqueue(Reply.error(400, "exceed_context_size_error", "too long"));
        runNow(List.of());
        assertThat(all(AgentEvent.AssistantCompleted.class)).isEmpty();
        assertThat(last()).isInstanceOfSatisfying(AgentEvent.RunFailed.class,
                f -> assertThat(f.code()).isEqualTo("context_exceeded"));
    }

    @Test
    void cancelDuringStreamingKeepsThePartialAnswerAndCancelsTheRun() throws Exception {
        String full = "one two three four five six seven eight nine ten eleven twelve";
        fake.enqueue(Reply.slow(full, Duration.ofMillis(150)));
        Thread runner = new Thread(() -> loop(Duration.ofSeconds(5)).run(run(List.of(), List.of(), 5), events::add));
        runner.start();
        await(() -> !all(AgentEvent.AssistantDelta.class).isEmpty(), Duration.ofSeconds(5), "first delta");

        long t0 = System.nanoTime();
        cancel.cancel();
        runner.join(3000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));

        AgentEvent.AssistantCompleted partial = all(AgentEvent.AssistantCompleted.class).get(0);
        assertThat(partial.status()).isEqualTo("cancelled");
        assertThat(partial.content()).isNotEmpty();
        assertThat(full).startsWith(partial.content());
        assertThat(partial.content()).isNotEqualTo(full);
        assertThat(last()).isInstanceOf(AgentEvent.RunCancelled.class);
        assertThat(all(AgentEvent.RunCompleted.class)).isEmpty();
        await(() -> fake.openStreams() == 0, Duration.ofSeconds(2), "upstream stream closed");
    }

    @Test
    void cancelledBeforeStartDoesNotCallTheModel() {
        cancel.cancel();
        runNow(List.of());
        assertThat(fake.chatRequests()).isEmpty();
        assertThat(last()).isInstanceOf(AgentEvent.RunCancelled.class);
    }

    // ------------------------------------------------------------------ approvals

    /** A tool that needs approval for every call and counts its runs. */
    private static Tool guarded(java.util.concurrent.atomic.AtomicInteger runs) {
        return dev.hinksbot.gateway.tools.Tools.builder("wipe").description("wipes")
                .approval(args -> java.util.Optional.of("wipes everything"))
                .handler((args, ctx) -> {
                    runs.incrementAndGet();
                    return ToolResult.ok("wiped");
                }).build();
    }

    private AgentRun gated(List<Tool> tools, ApprovalGate gate) {
        return new AgentRun("run_1", "ses_1", "msg_user", null, "You are a test bot.", List.of(ChatMessage.user("Wipe it")),
                tools, List.of(), bridge, 5, cancel, null, AgentRun.Steering.NONE, gate);
    }

    @Test
    void aCallNeedingApprovalRunsOnlyOnceApprovedAndAnnouncesTheQuestion() throws Exception {
        fake.enqueue(Reply.toolCalls(new ToolCallSpec("w1", "wipe", "{}")));
        fake.enqueue(Reply.text("Done."));
        var runs = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<ApprovalGate.Decision> answer = new CompletableFuture<>();
        List<ApprovalGate.ApprovalRequest> asked = new CopyOnWriteArrayList<>();
        Thread runner = new Thread(() -> loop(Duration.ofSeconds(5)).run(gated(List.of(guarded(runs)), request -> {
            asked.add(request);
            return answer;
        }), events::add));
        runner.start();
        await(() -> !all(AgentEvent.ApprovalRequested.class).isEmpty(), Duration.ofSeconds(5), "approval question");
        assertThat(runs).hasValue(0);
        AgentEvent.ApprovalRequested question = all(AgentEvent.ApprovalRequested.class).get(0);
        assertThat(question.reason()).isEqualTo("wipes everything");
        assertThat(question.requestId()).isEqualTo(asked.get(0).requestId()).startsWith("apr_");

        answer.complete(ApprovalGate.Decision.allow());
        runner.join(5000);
        assertThat(runs).hasValue(1);
        assertThat(all(AgentEvent.ToolCompleted.class).get(0).success()).isTrue();
        assertThat(last()).isInstanceOf(AgentEvent.RunCompleted.class);
    }

    @Test
    void aGateThatAnswersAtOnceAsksNoOneAndItsDenialReachesTheModel() {
        fake.enqueue(Reply.toolCalls(new ToolCallSpec("w2", "wipe", "{}")));
        fake.enqueue(Reply.text("I was not allowed."));
        var runs = new java.util.concurrent.atomic.AtomicInteger();
        loop(Duration.ofSeconds(5)).run(gated(List.of(guarded(runs)), ApprovalGate.UNATTENDED), events::add);
        assertThat(runs).hasValue(0);
        assertThat(all(AgentEvent.ApprovalRequested.class)).isEmpty();
        assertThat(toolMessage(1, "w2").path("content").asText()).startsWith("Error: not run: it needs a human's approval");
    }

    @Test
    void stoppingTheRunWhileItWaitsForApprovalDeniesTheCallAndCancels() throws Exception {
        fake.enqueue(Reply.toolCalls(new ToolCallSpec("w3", "wipe", "{}")));
        var runs = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<ApprovalGate.Decision> never = new CompletableFuture<>();
        Thread runner = new Thread(() -> loop(Duration.ofSeconds(5)).run(gated(List.of(guarded(runs)), request -> never),
                events::add));
        runner.start();
        await(() -> !all(AgentEvent.ApprovalRequested.class).isEmpty(), Duration.ofSeconds(5), "approval question");
        cancel.cancel();
        runner.join(3000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(runs).hasValue(0);
        assertThat(all(AgentEvent.ToolCompleted.class).get(0).error()).isEqualTo("not run: the run was stopped");
        assertThat(last()).isInstanceOf(AgentEvent.RunCancelled.class);
        assertThat(never).isDone(); // the gate learns the question is over
    }

    // ------------------------------------------------------------------ client-side tools

    @Test
    void clientSideToolWaitsForTheClientsResult() throws Exception {
        fake.enqueue(Reply.toolCalls(new ToolCallSpec("cc1", "pick_file", "{\"filter\":\"*.txt\"}")));
        fake.enqueue(Reply.text("You picked notes.txt."));
        Thread runner = new Thread(() -> loop(Duration.ofSeconds(5)).run(run(List.of(), List.of(spec("pick_file")), 5), events::add));
        runner.start();

        await(() -> !all(AgentEvent.ToolStarted.class).isEmpty(), Duration.ofSeconds(5), "client tool started");
        AgentEvent.ToolStarted started = all(AgentEvent.ToolStarted.class).get(0);
        assertThat(started.clientSide()).isTrue();
        assertThat(started.toolCallId()).isEqualTo("cc1");
        assertThat(fake.chatRequests().get(0).at("/tools/0/function/name").asText()).isEqualTo("pick_file");
        bridge.awaitResult("cc1").complete(ToolResult.ok("notes.txt"));

        runner.join(5000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(toolMessage(1, "cc1").get("content").asText()).isEqualTo("notes.txt");
        assertThat(last()).isInstanceOfSatisfying(AgentEvent.RunCompleted.class,
                r -> assertThat(r.stopReason()).isEqualTo("stop"));
    }

    @Test
    void clientSideToolTimesOutWithAnErrorResult() {
        fake.enqueue(Reply.toolCalls(new ToolCallSpec("cc1", "pick_file", "{}")));
        fake.enqueue(Reply.text("The client did not answer."));

        long t0 = System.nanoTime();
        loop(Duration.ofMillis(300)).run(run(List.of(), List.of(spec("pick_file")), 5), events::add);

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(toolMessage(1, "cc1").get("content").asText()).startsWith("Error:").contains("did not return");
        assertThat(all(AgentEvent.ToolCompleted.class)).singleElement().satisfies(d -> assertThat(d.success()).isFalse());
        assertThat(last()).isInstanceOf(AgentEvent.RunCompleted.class);
    }
}
