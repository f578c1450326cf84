package dev.hinksbot.gateway.channels.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.channels.BusyGuard;
import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.CommandDispatcher;
import dev.hinksbot.gateway.channels.RunLauncher;
import dev.hinksbot.gateway.chat.ChatInput;
import dev.hinksbot.gateway.store.StoreStep;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.NothingToRetryException;
import dev.hinksbot.gateway.chat.PendingApprovals;
import dev.hinksbot.gateway.chat.SessionBusyException;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.store.StoreBusyException;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.vertx.core.http.ServerWebSocket;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket chat channel: reads client frames from a `vertx-websocket` consumer and answers on the same
 * connection. Invalid frames get an `error` frame and the connection stays open.
 * <p>
 * Answers are written to the {@link ServerWebSocket} the consumer hands over on OPEN rather than through the
 * component's producer: the producer, given a key whose peer has gone, falls back to dialling out as a client
 * and blocks the run, and a Camel exchange per token is needless overhead on the hottest path we have.
 */
public final class ChatSocketProcessor implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ChatSocketProcessor.class);
    static final String CONNECTION_KEY = "CamelVertxWebsocket.connectionKey";
    static final String EVENT = "CamelVertxWebsocket.event";
    /** The protocol carries text; a frame larger than this is refused rather than stored. */
    private final int maxFrameChars;

    private final ChatService chat;
    private final CommandDispatcher commands;
    private final BusyGuard guard;
    private final String busyMode;
    private final PendingApprovals approvals;
    /**
     * How long a frame waits for its connection's OPEN event. The consumer hands events of one connection to
     * unordered worker threads, so a frame sent right after connecting can be processed before the OPEN.
     */
    private static final long OPEN_WAIT_MS = 5_000;
    /** Open connections by the consumer's connection key; completed once the OPEN event has been handled. */
    private final Map<String, CompletableFuture<ServerWebSocket>> sockets = new ConcurrentHashMap<>();
    /** Client-side tool calls waiting for the client's `tool_result`, by tool_call_id. */
    private final Map<String, CompletableFuture<ToolResult>> pendingClientTools = new ConcurrentHashMap<>();

    public ChatSocketProcessor(ChatService chat, int maxFrameChars, CommandDispatcher commands, BusyGuard guard, String busyMode,
                               PendingApprovals approvals) {
        this.chat = chat;
        this.approvals = approvals;
        this.maxFrameChars = maxFrameChars;
        this.commands = commands;
        this.guard = guard;
        this.busyMode = busyMode;
    }

    @Override
    public void process(Exchange exchange) {
        String event = String.valueOf(exchange.getIn().getHeader(EVENT));
        String sessionId = exchange.getIn().getHeader("sessionId", String.class);
        String key = exchange.getIn().getHeader(CONNECTION_KEY, String.class);
        switch (event) {
            case "OPEN" -> {
                ServerWebSocket socket = exchange.getIn().getBody(ServerWebSocket.class);
                if (socket != null) {
                    CompletableFuture<ServerWebSocket> opened = sockets.computeIfAbsent(key, k -> new CompletableFuture<>());
                    try {
                        onOpen(new Connection(socket), sessionId);
                    } finally {
                        opened.complete(socket);
                        if (socket.isClosed()) {
                            sockets.remove(key, opened); // the CLOSE was handled first
                        }
                    }
                }
            }
            case "MESSAGE" -> {
                ServerWebSocket socket = awaitOpen(key);
                if (socket != null) {
                    onMessage(new Connection(socket), sessionId, exchange.getIn().getBody(String.class));
                }
            }
            default -> {
                // CLOSE / ERROR: a running answer continues and is stored; the client reloads it from history.
                CompletableFuture<ServerWebSocket> gone = sockets.remove(key);
                if (gone != null) {
                    gone.cancel(false);
                }
            }
        }
    }

    /** WebSocket connections open now (their OPEN handled, no CLOSE yet). */
    public int openConnections() {
        return (int) sockets.values().stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
    }

    /** The connection's socket once its OPEN has been handled; null when it closed or never opened in time. */
    private ServerWebSocket awaitOpen(String key) {
        CompletableFuture<ServerWebSocket> opened = sockets.computeIfAbsent(key, k -> new CompletableFuture<>());
        try {
            return opened.get(OPEN_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | CancellationException | TimeoutException e) {
            if (!opened.isDone()) {
                sockets.remove(key, opened);
            }
            LOG.debug("dropping a frame for connection {}: it is not open", key);
            return null;
        }
    }

    private void onOpen(Connection connection, String sessionId) {
        if (!ChatService.isValidSessionId(sessionId)) {
            connection.send(WsFrames.error("invalid_session_id",
                    "session id must be 1-128 characters of letters, digits, '_', '-', '.', ':'"));
            return;
        }
        chat.openSession(sessionId);
    }

    private void onMessage(Connection connection, String sessionId, String text) {
        if (text == null || text.isBlank()) {
            connection.send(WsFrames.error("invalid_frame", "empty frame; send a JSON object with a \"type\""));
            return;
        }
        if (text.length() > maxFrameChars) {
            connection.send(WsFrames.error("frame_too_large", "frames are limited to " + maxFrameChars + " characters"));
            return;
        }
        JsonNode frame;
        try {
            frame = Json.parse(text);
        } catch (Exception e) {
            connection.send(WsFrames.error("invalid_json", "the frame is not valid JSON"));
            return;
        }
        if (frame == null || !frame.isObject() || !frame.path("type").isTextual()) {
            connection.send(WsFrames.error("invalid_frame", "a frame must be a JSON object with a string \"type\""));
            return;
        }
        if (!ChatService.isValidSessionId(sessionId)) {
            connection.send(WsFrames.error("invalid_session_id", "this connection's session id is not valid"));
            return;
        }
        switch (frame.get("type").asText()) {
            case "user_message" -> onUserMessage(connection, sessionId, frame, false);
            case "retry" -> onUserMessage(connection, sessionId, frame, true);
            case "tool_result" -> onToolResult(connection, frame);
            case "approval" -> onApproval(connection, frame);
            case "stop" -> {
                if (!chat.cancel(sessionId)) {
                    connection.send(WsFrames.error("no_active_run", "nothing to stop: no answer is running"));
                }
            }
            case "ping" -> connection.send(Json.object().put("type", "pong"));
            default -> connection.send(WsFrames.error("unknown_type",
                    "unknown frame type '" + frame.get("type").asText() + "'; expected user_message, retry, tool_result, approval, stop or ping"));
        }
    }

    /** The answer to an `approval_requested` frame: {@code request_id} and {@code approved} (true or false). */
    private void onApproval(Connection connection, JsonNode frame) {
        String requestId = frame.path("request_id").asText("");
        if (requestId.isEmpty() || !frame.path("approved").isBoolean()) {
            connection.send(WsFrames.error("invalid_frame", "approval needs a string \"request_id\" and a boolean \"approved\""));
            return;
        }
        // Request ids are unguessable; holding one is what entitles a client to answer it.
        if (approvals.resolve(requestId, frame.get("approved").asBoolean(), "websocket").isEmpty()) {
            connection.send(WsFrames.error("unknown_approval", "no approval request " + requestId + " is waiting"));
        }
    }

    /** A `user_message`, or a `retry` (a new answer to the last user message; same optional fields, no content). */
    private void onUserMessage(Connection connection, String sessionId, JsonNode frame, boolean retry) {
        JsonNode content = frame.get("content");
        if (!retry && (content == null || !content.isTextual() || content.asText().isBlank())) {
            connection.send(WsFrames.error("invalid_message", "user_message needs a non-empty string \"content\""));
            return;
        }
        List<String> toolOptions = null;
        List<ToolSpec> clientTools = new ArrayList<>();
        JsonNode options = frame.get("tool_options");
        try {
            if (options != null && !options.isNull()) {
                if (!options.isArray()) {
                    throw new IllegalArgumentException("\"tool_options\" must be an array of tool group or tool names"
                            + " and client-side tools ({\"name\", \"client_side\": true, …})");
                }
                List<String> selectors = new ArrayList<>();
                for (JsonNode o : options) {
                    if (o.isObject()) {
                        clientTools.add(clientTool(o)); // announced as client-side: its tool_result comes from this client
                    } else {
                        selectors.add(o.asText());
                    }
                }
                // Only client-side entries: the session's own tools still apply, the client's are added to them.
                toolOptions = selectors.isEmpty() && !clientTools.isEmpty() ? null : selectors;
            }
            clientTools.addAll(clientTools(frame.get("client_tools")));
        } catch (IllegalArgumentException e) {
            connection.send(WsFrames.error("invalid_message", e.getMessage()));
            return;
        }
        String text = retry ? null : content.asText();
        List<String> selectedTools = toolOptions;
        RunLauncher launcher = (sid, prompt, steering, alongside) -> chat.start(new ChatInput(sid, prompt, selectedTools, clientTools, steering, null, alongside),
                new WsRunRenderer(connection::send),
                toolCallId -> {
                    // The run completes this future itself when it stops waiting, so the entry never lingers.
                    CompletableFuture<ToolResult> pending = new CompletableFuture<>();
                    pendingClientTools.put(toolCallId, pending);
                    pending.whenComplete((r, e) -> pendingClientTools.remove(toolCallId, pending));
                    return pending;
                });
        try {
            if (retry) {
                launcher.launch(sessionId, null, ChatInput.Steering.NONE, StoreStep.NONE); // a new answer to the last user message
                return;
            }
            if (CommandDispatcher.commandName(text).isPresent()) {
                CommandDispatcher.Reply reply = commands.dispatch(text, new CommandDispatcher.Context("websocket", null,
                        sessionId, null, notice -> connection.send(commandFrame("notice", notice, null)), launcher, busyMode,
                        Caller.WEB));
                connection.send(commandFrame(reply.command(), reply.text(), reply.sessionId()));
                return;
            }
            BusyGuard.Result result = guard.submit(sessionId, text, busyMode, new BusyGuard.Sender(launcher, null));
            switch (result.outcome()) {
                case QUEUED -> connection.send(Json.object().put("type", "queued").put("position", result.position()));
                case STEERED -> connection.send(Json.object().put("type", "steered"));
                case INTERRUPTED -> connection.send(Json.object().put("type", "interrupted"));
                case QUEUE_FULL -> connection.send(WsFrames.error("session_busy",
                        "the session is answering and " + result.position() + " messages are already waiting"));
                default -> {
                    // STARTED: stream_start follows
                }
            }
        } catch (SessionBusyException e) {
            connection.send(WsFrames.error("session_busy", e.getMessage()));
        } catch (NothingToRetryException e) {
            connection.send(WsFrames.error("nothing_to_retry", "nothing to retry: this session has no message yet"));
        } catch (StoreBusyException e) {
            LOG.warn("could not start a run for session {}: {}", sessionId, e.getMessage());
            connection.send(WsFrames.error("store_busy", "the gateway could not store the message because another process "
                    + "held the database lock too long; nothing was sent to the model, send it again"));
        } catch (RuntimeException e) {
            LOG.warn("could not start a run for session {}: {}", sessionId, e.toString());
            connection.send(WsFrames.error("internal_error", "the gateway could not store the message; nothing was sent to the model"));
        }
    }

    private static Object commandFrame(String command, String text, String newSessionId) {
        var frame = Json.object().put("type", "command_result").put("command", command).put("text", text);
        if (newSessionId != null) {
            frame.put("session_id", newSessionId);
        }
        return frame;
    }

    private void onToolResult(Connection connection, JsonNode frame) {
        String id = frame.path("tool_call_id").asText("");
        CompletableFuture<ToolResult> pending = pendingClientTools.get(id);
        if (pending == null) {
            connection.send(WsFrames.error("unknown_tool_call", "no tool call '" + id + "' is waiting for a result"));
            return;
        }
        JsonNode error = frame.get("error");
        pending.complete(error != null && !error.isNull() && !error.asText().isEmpty()
                ? ToolResult.failure(error.asText())
                : ToolResult.ok(frame.path("result").isTextual() ? frame.get("result").asText() : Json.write(frame.path("result"))));
    }

    private static List<ToolSpec> clientTools(JsonNode node) {
        List<ToolSpec> specs = new ArrayList<>();
        if (node == null || node.isNull()) {
            return specs;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("\"client_tools\" must be an array of {name, description, parameters}");
        }
        for (JsonNode t : node) {
            specs.add(toolSpec(t.has("function") ? t.get("function") : t));
        }
        return specs;
    }

    /**
     * A `tool_options` entry that is an object announces a tool the client runs itself (the seed protocol's
     * `tool_call` / `tool_result` pair): {@code {"name": …, "client_side": true, "description": …, "parameters": {…}}}.
     */
    private static ToolSpec clientTool(JsonNode entry) {
        if (!entry.path("client_side").asBoolean(false)) {
            throw new IllegalArgumentException("a tool_options object announces a client-side tool and needs \"client_side\": true");
        }
        return toolSpec(entry);
    }

    private static ToolSpec toolSpec(JsonNode fn) {
        JsonNode params = fn.path("parameters");
        try {
            return new ToolSpec(fn.path("name").asText(""), fn.path("description").asText(""),
                    params.isObject() ? params : Json.object().put("type", "object"), List.of("client"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("client tool names must be 1-64 letters, digits, '_' or '-'");
        }
    }

    /** One client connection; a frame for a closed connection is dropped (the answer is in the store). */
    private record Connection(ServerWebSocket socket) {
        void send(Object frame) {
            if (!socket.isClosed()) {
                socket.writeTextMessage(frame instanceof String s ? s : Json.write(frame));
            }
        }
    }
}
