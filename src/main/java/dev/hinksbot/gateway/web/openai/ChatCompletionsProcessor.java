package dev.hinksbot.gateway.web.openai;

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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `POST /v1/chat/completions`. A `model` naming an agent profile runs the agent loop with the gateway's tools; any
 * other model is passed through to llama-server unchanged. Runs are stateless like OpenAI's: the client holds the
 * conversation. A stored session is opt-in with `X-Hinksbot-Session` (or the older `X-Session-Id`); the `user` field is
 * only recorded — clients such as LibreChat send it on every request, and keying sessions on it merged all of a
 * user's chats, appended edits after the old history and made overlapping requests fail with 409.
 */
public final class ChatCompletionsProcessor implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.inbound");
    static final String SESSION_HEADER = "X-Hinksbot-Session";
    /** The header's earlier name, still honoured. */
    static final String LEGACY_SESSION_HEADER = "X-Session-Id";

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
        String sessionId = sessionId(exchange);
        if (sessionId == null && profile.sessionPerUser() && request.user() != null && !request.user().isBlank()) {
            sessionId = userSession(request.user());
        }
        List<dev.hinksbot.gateway.agent.ChatMessage> messages = sessionId == null ? request.conversation()
                : request.newForSession(!runner.chat().history(sessionId).isEmpty());
        AgentRequest agentRequest = new AgentRequest(profile, request.systemText(), request.clientTools(), messages,
                request.maxTokens(), request.params());
        RunTranscript transcript = new RunTranscript(tracker.of(http.request()));
        String id = "chatcmpl-" + Ids.next("run").substring(4);
        long created = System.currentTimeMillis() / 1000;
        if (sessionId != null) {
            http.response().putHeader(SESSION_HEADER, sessionId).putHeader(LEGACY_SESSION_HEADER, sessionId);
        }
        SseStream sse = request.stream() ? new SseStream(http.response()) : null;
        AgentEventListener listener = sse == null ? transcript
                : new ChatCompletionStream(sse, transcript, id, request.model(), created, request.includeUsage());
        ActiveRun run = runner.start(agentRequest, sessionId, http.request(), listener);
        if (request.user() != null) {
            LOG.info("chat.completions run={} session={} user={}", run.runId(), sessionId, loggable(request.user()));
        }
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

    /** The opted-in stored session ({@code X-Hinksbot-Session}, else {@code X-Session-Id}); null = stateless. */
    private static String sessionId(Exchange exchange) {
        for (String name : List.of(SESSION_HEADER, LEGACY_SESSION_HEADER)) {
            String header = exchange.getIn().getHeader(name, String.class);
            if (header != null && !header.isBlank()) {
                String id = header.trim();
                if (!ChatService.isValidSessionId(id)) {
                    throw new ApiException(400, "invalid_session", "'" + name + "' must be 1-128 letters, digits, '_', '-', '.', ':'");
                }
                return id;
            }
        }
        return null;
    }

    /**
     * The stored session of a `user` on a profile with `sessions: per-user`: any string names one (an e-mail address
     * too), hashed so the id stays within session-id characters and one user's id never collides with another's.
     */
    static String userSession(String user) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(user.trim().getBytes(StandardCharsets.UTF_8));
            return "user:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The client's `user` for the log: any string is accepted (e-mail addresses too), kept short and on one line. */
    static String loggable(String user) {
        String oneLine = user.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 128 ? oneLine.substring(0, 128) + "…" : oneLine;
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
