package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.CancelSignal;
import dev.hinksbot.gateway.common.Durations;
import dev.hinksbot.gateway.common.Ids;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.ToolSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The agent: up to {@code maxTurns} model turns against llama-server, running the tools the model calls and
 * feeding their results back, until a final answer, a cancel or an error. Plain Java: no Camel here.
 */
public final class AgentLoop {
    private final LlamaClient llama;
    private final ContextWindow window;
    private final Duration clientToolTimeout;

    public AgentLoop(LlamaClient llama, ContextWindow window, Duration clientToolTimeout) {
        this.llama = llama;
        this.window = window;
        this.clientToolTimeout = clientToolTimeout;
    }

    public void run(AgentRun run, AgentEventListener listener) {
        long started = System.nanoTime();
        Emitter out = new Emitter(run, listener);
        out.emit(new AgentEvent.RunStarted(run.runId(), run.sessionId(), run.userMessageId()));

        Map<String, ToolSpec> clientTools = new LinkedHashMap<>();
        run.clientTools().forEach(t -> clientTools.put(t.name(), t));
        // Client tools win: a tool the client declares is the client's whatever its name. The gateway's tool of the
        // same name is neither offered nor run in this run, so a client's `file_read` never reads our workspace.
        Map<String, Tool> tools = new LinkedHashMap<>();
        run.tools().stream().filter(t -> !clientTools.containsKey(t.spec().name())).forEach(t -> tools.put(t.spec().name(), t));
        List<JsonNode> schemas = new ArrayList<>();
        tools.values().forEach(t -> schemas.add(t.spec().openAiSchema()));
        clientTools.values().forEach(s -> schemas.add(s.openAiSchema()));

        List<ChatMessage> conversation = new ArrayList<>();
        if (run.systemPrompt() != null && !run.systemPrompt().isBlank()) {
            conversation.add(ChatMessage.system(run.systemPrompt()));
        }
        conversation.addAll(run.history());

        Usage usage = Usage.NONE;
        String lastMessageId = null;
        for (int turn = 1; turn <= run.maxTurns(); turn++) {
            String messageId = Ids.next("msg");
            lastMessageId = messageId;
            if (run.cancel().isCancelled()) {
                out.emit(new AgentEvent.RunCancelled(run.runId(), run.sessionId(), messageId, turn - 1, usage, millisSince(started)));
                return;
            }
            out.emit(new AgentEvent.TurnStarted(run.runId(), run.sessionId(), messageId, turn));
            // max_tokens only when the caller asked for it: the model ends its answer, the window trims history
            ChatRequest request = new ChatRequest(run.model(), window.fit(conversation, schemas), schemas, run.maxAnswerTokens(),
                    run.params().forTurn(turn));
            long turnStarted = System.nanoTime();
            Partial partial = new Partial();
            ModelTurn result;
            try {
                result = llama.stream(request, new StreamAssembler.DeltaListener() {
                    @Override
                    public void onContent(String delta) {
                        partial.content.append(delta);
                        out.emit(new AgentEvent.AssistantDelta(run.runId(), run.sessionId(), messageId, delta));
                    }

                    @Override
                    public void onReasoning(String delta) {
                        partial.reasoning.append(delta);
                        out.emit(new AgentEvent.ReasoningDelta(run.runId(), run.sessionId(), messageId, delta));
                    }
                }, run.cancel());
            } catch (CancelledException e) {
                out.partialIfAny(messageId, partial, "cancelled", millisSince(turnStarted));
                out.emit(new AgentEvent.RunCancelled(run.runId(), run.sessionId(), messageId, turn, usage, millisSince(started)));
                return;
            } catch (ModelException e) {
                out.partialIfAny(messageId, partial, "failed", millisSince(turnStarted));
                out.emit(new AgentEvent.RunFailed(run.runId(), run.sessionId(), messageId, e.code(), e.getMessage(), turn, usage, millisSince(started)));
                return;
            }
            usage = usage.plus(result.usage());
            out.emit(new AgentEvent.AssistantCompleted(run.runId(), run.sessionId(), messageId, result.content(),
                    result.reasoning(), result.toolCalls(), "complete", result.usage(), millisSince(turnStarted)));
            conversation.add(ChatMessage.assistant(result.content(), result.toolCalls()));
            if (!result.hasToolCalls()) {
                String stop = "length".equals(result.finishReason()) ? "length" : "stop";
                out.emit(new AgentEvent.RunCompleted(run.runId(), run.sessionId(), messageId, turn, usage, millisSince(started), stop));
                return;
            }
            boolean returnToCaller = run.clientBridge().returnsToCaller()
                    && result.toolCalls().stream().anyMatch(c -> isClientSide(c, tools, clientTools));
            for (ToolCall call : result.toolCalls()) {
                if (returnToCaller && isClientSide(call, tools, clientTools)) {
                    continue; // the caller runs it and sends the result in its next request
                }
                AgentEvent.ToolCompleted done = runTool(run, out, messageId, call, tools, clientTools);
                conversation.add(ChatMessage.tool(call.id(), call.name(), done.modelText()));
            }
            if (returnToCaller) {
                out.emit(new AgentEvent.RunCompleted(run.runId(), run.sessionId(), messageId, turn, usage, millisSince(started), "tool_calls"));
                return;
            }
            conversation.addAll(run.steering().drain());
        }
        out.emit(new AgentEvent.RunCompleted(run.runId(), run.sessionId(), lastMessageId, run.maxTurns(), usage, millisSince(started), "max_turns"));
    }

    private static boolean isClientSide(ToolCall call, Map<String, Tool> tools, Map<String, ToolSpec> clientTools) {
        return !tools.containsKey(call.name()) && clientTools.containsKey(call.name());
    }

    private AgentEvent.ToolCompleted runTool(AgentRun run, Emitter out, String messageId, ToolCall call,
                                             Map<String, Tool> tools, Map<String, ToolSpec> clientTools) {
        JsonNode args = Json.parseArgumentsLenient(call.arguments());
        boolean clientSide = isClientSide(call, tools, clientTools);
        boolean invalidArgs = args.has("_raw") && args.size() == 1;
        // Wait for the client's answer before announcing the call: a quick client may answer at once.
        CompletableFuture<ToolResult> fromClient = clientSide && !invalidArgs && !run.cancel().isCancelled()
                ? run.clientBridge().awaitResult(call.id()) : null;
        out.emit(new AgentEvent.ToolStarted(run.runId(), run.sessionId(), messageId, call.id(), call.name(), args, clientSide));
        long started = System.nanoTime();
        ToolResult result;
        if (fromClient != null) {
            result = awaitClient(fromClient, run.cancel());
        } else if (run.cancel().isCancelled()) {
            result = ToolResult.failure("cancelled before it ran");
        } else if (invalidArgs) {
            result = ToolResult.failure("the arguments are not valid JSON: " + call.arguments());
        } else if (tools.containsKey(call.name())) {
            Tool tool = tools.get(call.name());
            ApprovalGate.Decision decision = approve(run, out, messageId, call, tool, args);
            result = decision.approved()
                    ? execute(tool, args, new ToolContext(run.sessionId(), run.cancel()))
                    : ToolResult.failure("not run: " + decision.note());
        } else {
            result = ToolResult.failure("unknown tool '" + call.name() + "'; available tools: "
                    + String.join(", ", tools.keySet()));
        }
        AgentEvent.ToolCompleted done = new AgentEvent.ToolCompleted(run.runId(), run.sessionId(), messageId, call.id(),
                call.name(), call.arguments(), result.success(), result.output(), result.error(), millisSince(started));
        out.emit(done);
        return done;
    }

    /** Calls the tool marks as dangerous wait here for the run's approval gate (a human, or a fixed answer). */
    private static ApprovalGate.Decision approve(AgentRun run, Emitter out, String messageId, ToolCall call, Tool tool, JsonNode args) {
        Optional<String> reason = tool.approvalReason(args);
        if (reason.isEmpty()) {
            return ApprovalGate.Decision.allow();
        }
        String requestId = Ids.next("apr");
        CompletableFuture<ApprovalGate.Decision> pending = run.approvals().ask(new ApprovalGate.ApprovalRequest(requestId,
                run.runId(), run.sessionId(), call.id(), call.name(), args, reason.get()));
        if (!pending.isDone()) {
            out.emit(new AgentEvent.ApprovalRequested(run.runId(), run.sessionId(), messageId, call.id(), call.name(),
                    args, requestId, reason.get()));
        }
        try (AutoCloseable ignored = run.cancel().onCancel(() -> pending.complete(ApprovalGate.Decision.deny("the run was stopped")))) {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApprovalGate.Decision.deny("interrupted while waiting for approval");
        } catch (Exception e) {
            return ApprovalGate.Decision.deny("the approval failed: " + e.getMessage());
        } finally {
            pending.complete(ApprovalGate.Decision.deny("no longer waiting")); // lets the gate forget the request
        }
    }

    private static ToolResult execute(Tool tool, JsonNode args, ToolContext context) {
        try {
            ToolResult result = tool.execute(args, context);
            return result != null ? result : ToolResult.failure("the tool returned nothing");
        } catch (Exception e) {
            return ToolResult.failure("the tool failed: " + e.getMessage());
        }
    }

    private ToolResult awaitClient(CompletableFuture<ToolResult> pending, CancelSignal cancel) {
        try (AutoCloseable ignored = cancel.onCancel(() -> pending.complete(ToolResult.failure("cancelled")))) {
            return pending.get(clientToolTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return ToolResult.failure("the client did not return a result within " + Durations.human(clientToolTimeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolResult.failure("interrupted");
        } catch (ExecutionException e) {
            return ToolResult.failure("the client tool failed: " + e.getCause().getMessage());
        } catch (Exception e) {
            return ToolResult.failure("the client tool failed: " + e.getMessage());
        } finally {
            // No longer waiting (timeout, interrupt): complete it so the bridge forgets the call.
            pending.complete(ToolResult.failure("the run stopped waiting for this result"));
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static final class Partial {
        final StringBuilder content = new StringBuilder();
        final StringBuilder reasoning = new StringBuilder();
    }

    /** Delivers events to the listener and knows how to report an interrupted turn. */
    private static final class Emitter {
        private final AgentRun run;
        private final AgentEventListener listener;

        Emitter(AgentRun run, AgentEventListener listener) {
            this.run = run;
            this.listener = listener;
        }

        void emit(AgentEvent event) {
            listener.on(event);
        }

        /** An interrupted turn's partial text is kept, marked with how it ended. */
        void partialIfAny(String messageId, Partial partial, String status, long durationMs) {
            if (partial.content.length() > 0 || partial.reasoning.length() > 0) {
                emit(new AgentEvent.AssistantCompleted(run.runId(), run.sessionId(), messageId, partial.content.toString(),
                        partial.reasoning.toString(), List.of(), status, Usage.NONE, durationMs));
            }
        }
    }
}
