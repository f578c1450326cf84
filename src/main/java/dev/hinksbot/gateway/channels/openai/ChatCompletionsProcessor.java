package dev.hinksbot.gateway.channels.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.agent.AgentEventListener;
import dev.hinksbot.gateway.agent.AgentProfile;
import dev.hinksbot.gateway.agent.AgentProfiles;
import dev.hinksbot.gateway.agent.ToolCall;
import dev.hinksbot.gateway.chat.ActiveRun;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.common.Ids;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.web.ApiException;
import dev.hinksbot.gateway.web.RequestTracker;
import dev.hinksbot.gateway.web.SseStream;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * `POST /v1/chat/completions`. A `model` naming an agent profile runs the agent loop with the gateway's tools
 * (stateless, or in a stored session given `X-Session-Id` or `user`); any other model is passed through to
 * llama-server unchanged.
 */
public final class ChatCompletionsProcessor implements Processor {
    static final String SESSION_HEADER = "X-Session-Id";

    private final AgentProfiles profiles;
    private final AgentRunner runner;
    private final LlamaPassThrough passThrough;
    private final RunSlots slots;
    private final RequestTracker tracker;
    private final Vertx vertx;
    private final Duration keepalive;

    public ChatCompletionsProcessor(AgentProfiles profiles, ChatService chat, LlamaPassThrough passThrough, RunSlots slots,
                                    RequestTracker tracker, Vertx vertx, Duration keepalive) {
        this.profiles = profiles;
        this.runner = new AgentRunner(chat, slots, tracker);
        this.passThrough = passThrough;
        this.slots = slots;
        this.tracker = tracker;
        this.vertx = vertx;
        this.keepalive = keepalive;
    }

    @Override
    public void process(Exchange exchange) {
        HttpExchange http = HttpExchange.of(exchange);
        byte[] raw = exchange.getIn().getBody(byte[].class);
        JsonNode body = OpenAiJson.body(exchange, raw);
        String model = OpenAiJson.optionalText(body, "model");
        Optional<AgentProfile> profile = profiles.find(model == null || model.isBlank() ? AgentProfiles.DEFAULT : model);
        if (profile.isEmpty()) {
            passThrough(http, raw);
        } else {
            runAgent(exchange, http, body, profile.get());
        }
    }

    private void passThrough(HttpExchange http, byte[] raw) {
        try (RunSlots.Slot ignored = slots.acquire()) {
            LlamaPassThrough.Forwarded forwarded = passThrough.forward("/v1/chat/completions", Buffer.buffer(raw),
                    http.response(), tracker.of(http.request()));
            tracker.onDisconnect(http.request(), forwarded.cancel());
            forwarded.done().join();
        }
    }

    private void runAgent(Exchange exchange, HttpExchange http, JsonNode body, AgentProfile profile) {
        ChatCompletionRequest request = ChatCompletionRequest.parse(body, profile.name());
        String sessionId = sessionId(exchange, request.user());
        List<dev.hinksbot.gateway.agent.ChatMessage> messages = sessionId == null ? request.conversation()
                : request.newForSession(!runner.chat().history(sessionId).isEmpty());
        AgentRequest agentRequest = new AgentRequest(profile, request.systemText(), request.clientTools(), messages,
                request.maxTokens());
        RunTranscript transcript = new RunTranscript(tracker.of(http.request()));
        String id = "chatcmpl-" + Ids.next("run").substring(4);
        long created = System.currentTimeMillis() / 1000;
        if (sessionId != null) {
            http.response().putHeader(SESSION_HEADER, sessionId);
        }
        SseStream sse = request.stream() ? new SseStream(http.response()) : null;
        AgentEventListener listener = sse == null ? transcript
                : new ChatCompletionStream(sse, transcript, id, request.model(), created, request.includeUsage());
        ActiveRun run = runner.start(agentRequest, sessionId, http.request(), listener);
        // Quiet for a keepalive interval (a long prompt, a long tool): a comment keeps the connection alive. Before the
        // first output it also starts the stream, so a client is not left without response headers for long.
        long timer = sse == null ? -1 : vertx.setPeriodic(Math.max(1, keepalive.toMillis() / 2), t -> {
            if (sse.idleNanos() >= keepalive.toNanos()) {
                sse.comment("keepalive");
            }
        });
        try {
            AgentRunner.await(run);
        } finally {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }
        if (transcript.failure() != null && (sse == null || !sse.started())) {
            throw RunTranscript.asHttpError(transcript.failure());
        }
        if (sse == null) {
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setBody(Json.write(completion(id, created, request.model(), transcript)));
        }
    }

    /** `X-Session-Id`, else the `user` field (as session `user:<user>`); null = stateless. */
    private static String sessionId(Exchange exchange, String user) {
        String header = exchange.getIn().getHeader(SESSION_HEADER, String.class);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        if (user != null && !user.isBlank()) {
            String id = "user:" + user.trim();
            if (!ChatService.isValidSessionId(id)) {
                throw new ApiException(400, "invalid_request", "'user' must be up to 123 letters, digits, '_', '-', '.', ':'"
                        + " (it names the stored session to continue)", "user");
            }
            return id;
        }
        return null;
    }

    private static ObjectNode completion(String id, long created, String model, RunTranscript transcript) {
        ObjectNode root = Json.object().put("id", id).put("object", "chat.completion").put("created", created)
                .put("model", model).put("system_fingerprint", "hinksbot");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        List<ToolCall> calls = transcript.callerToolCalls();
        String text = transcript.finalText();
        if (calls.isEmpty() || !text.isEmpty()) {
            message.put("content", text);
        } else {
            message.putNull("content");
        }
        if (!calls.isEmpty()) {
            ArrayNode array = message.putArray("tool_calls");
            for (ToolCall call : calls) {
                ObjectNode c = array.addObject().put("id", call.id()).put("type", "function");
                c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        var assistant = transcript.assistantMessages();
        if (!assistant.isEmpty()) {
            String reasoning = assistant.get(assistant.size() - 1).reasoning();
            if (reasoning != null && !reasoning.isEmpty()) {
                message.put("reasoning_content", reasoning);
            }
        }
        choice.put("finish_reason", transcript.finishReason());
        root.set("usage", OpenAiUsage.chat(transcript.usage()));
        return root;
    }
}
