package dev.hinksbot.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket chat client for tests: send frames, wait for frames by predicate with a deadline. */
public final class WsTestClient implements AutoCloseable {
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private volatile boolean closed;
    private WebSocket socket;

    static WsTestClient connect(HttpClient http, URI uri) throws Exception {
        WsTestClient client = new WsTestClient();
        client.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, client.listener()).get(10, TimeUnit.SECONDS);
        return client;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        frames.add(Json.parse(partial.toString()));
                    } catch (Exception e) {
                        frames.add(Json.object().put("type", "__unparseable__").put("text", partial.toString()));
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed = true;
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed = true;
            }
        };
    }

    public void send(String json) {
        socket.sendText(json, true).join();
    }

    public void sendUserMessage(String content) {
        send(Json.write(Json.object().put("type", "user_message").put("content", content)));
    }

    /** Waits for the next frame matching {@code match}; frames before it are kept in {@link #seen()}. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
            if (frame == null) {
                throw new AssertionError("no matching frame within " + timeout + "; frames so far: " + seen);
            }
            seen.add(frame);
            if (match.test(frame)) {
                return frame;
            }
        }
    }

    public JsonNode awaitType(String type) throws InterruptedException {
        return await(f -> type.equals(f.path("type").asText()), Duration.ofSeconds(20));
    }

    /** Every frame received so far (including those consumed by await). */
    public List<JsonNode> seen() {
        return seen;
    }

    public boolean isClosed() {
        return closed;
    }

    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!closed) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
