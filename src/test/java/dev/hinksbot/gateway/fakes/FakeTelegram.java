package dev.hinksbot.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A Telegram Bot API fake speaking the real wire: {@code /bot<token>/<method>} with JSON or form bodies and
 * {@code {"ok":…,"result":…}} answers. getUpdates long-polls (held at most 1 s) and keeps each update until a later
 * offset confirms it, exactly like the Bot API; sendMessage and editMessageText
 * record what the bot said, sendChatAction counts typing, getMe names the bot. {@link #rateLimitNextSends} makes the
 * next sendMessage calls answer 429 with {@code parameters.retry_after}. Requests with another token get 401.
 */
public final class FakeTelegram implements AutoCloseable {
    /** A message the bot sent. */
    public record Sent(String method, String chatId, String text, long messageId, long at) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-telegram");
        t.setDaemon(true);
        return t;
    });
    private final String token;
    private final List<ObjectNode> updates = new ArrayList<>(); // guarded by this
    private final List<Sent> sent = new ArrayList<>(); // guarded by this
    private final List<Long> offsets = new ArrayList<>(); // guarded by this
    private long polls; // guarded by this
    private final AtomicLong updateIds = new AtomicLong(1000);
    private final AtomicLong messageIds = new AtomicLong(1);
    private final AtomicInteger chatActions = new AtomicInteger();
    private final AtomicInteger sendAttempts = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private volatile int retryAfter = 1;
    private volatile long sendDelayMillis;
    /** Chats whose sendMessage always fails with this HTTP status (as Telegram does for a chat it does not know). */
    private final Map<String, Integer> failingChats = new java.util.concurrent.ConcurrentHashMap<>();

    private FakeTelegram(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static FakeTelegram start(String token) {
        try {
            return new FakeTelegram(token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A user writes to the bot. {@code chatType}: private, group or supergroup. */
    public synchronized void userSays(long chatId, String chatType, long userId, String username, String text) {
        ObjectNode update = json.createObjectNode();
        update.put("update_id", updateIds.incrementAndGet());
        ObjectNode message = update.putObject("message");
        message.put("message_id", messageIds.incrementAndGet());
        message.put("date", System.currentTimeMillis() / 1000);
        message.put("text", text);
        ObjectNode from = message.putObject("from");
        from.put("id", userId).put("is_bot", false).put("first_name", username).put("username", username);
        ObjectNode chat = message.putObject("chat");
        chat.put("id", chatId).put("type", chatType);
        if (!"private".equals(chatType)) {
            chat.put("title", "Test group");
        }
        updates.add(update);
        notifyAll();
    }

    public void dm(long userId, String text) {
        userSays(userId, "private", userId, "user" + userId, text);
    }

    /** The next {@code n} sendMessage calls answer 429 Too Many Requests with {@code retry_after} seconds. */
    public void rateLimitNextSends(int n, int retryAfterSeconds) {
        retryAfter = retryAfterSeconds;
        rateLimited.set(n);
    }

    /** Each sendMessage takes this long before Telegram takes it and answers (a slow network or Bot API). */
    public void delaySends(Duration delay) {
        sendDelayMillis = delay.toMillis();
    }

    /** Every sendMessage to {@code chatId} answers {@code status} (400: "chat not found", 500: a server error). */
    public void failSendsTo(String chatId, int status) {
        failingChats.put(chatId, status);
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<Sent> sentTo(String chatId) {
        return sent().stream().filter(s -> s.chatId().equals(chatId)).toList();
    }

    public int chatActions() {
        return chatActions.get();
    }

    public int sendAttempts() {
        return sendAttempts.get();
    }

    /** Waits until a sent message matches. */
    public Sent await(Predicate<Sent> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (Sent s : sent()) {
                if (match.test(s)) {
                    return s;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching message within " + timeout + "; sent: " + sent());
    }

    public Sent awaitTo(String chatId, Predicate<String> text, Duration timeout) throws InterruptedException {
        return await(s -> s.chatId().equals(chatId) && text.test(s.text()), timeout);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String prefix = "/bot" + token + "/";
            if (!path.startsWith(prefix)) {
                FakeHttp.respond(ex, 401, error(401, "Unauthorized"));
                return;
            }
            String method = path.substring(prefix.length());
            Map<String, String> params = FakeHttp.params(ex);
            switch (method) {
                case "getMe" -> FakeHttp.respond(ex, 200, ok(json.createObjectNode().put("id", 42).put("is_bot", true)
                        .put("first_name", "HinksBot").put("username", "hinks_bot")));
                case "getUpdates" -> {
                    JsonNode result = getUpdates(params);
                    if (result == null) {
                        FakeHttp.respond(ex, 409, error(409, "Conflict: terminated by other getUpdates request;"
                                + " make sure that only one bot instance is running"));
                    } else {
                        FakeHttp.respond(ex, 200, ok(result));
                    }
                }
                case "sendMessage" -> sendMessage(ex, params);
                case "editMessageText" -> {
                    record("editMessageText", params.get("chat_id"), params.get("text"), Long.parseLong(params.getOrDefault("message_id", "0")));
                    FakeHttp.respond(ex, 200, ok(message(params.get("chat_id"), params.get("text"), Long.parseLong(params.getOrDefault("message_id", "0")))));
                }
                case "sendChatAction" -> {
                    chatActions.incrementAndGet();
                    FakeHttp.respond(ex, 200, ok(json.getNodeFactory().booleanNode(true)));
                }
                default -> FakeHttp.respond(ex, 404, error(404, "Not Found: method not found"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendMessage(HttpExchange ex, Map<String, String> params) throws IOException, InterruptedException {
        sendAttempts.incrementAndGet();
        if (sendDelayMillis > 0) {
            Thread.sleep(sendDelayMillis); // the message is taken even if the caller stops waiting meanwhile
        }
        if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ObjectNode body = error(429, "Too Many Requests: retry after " + retryAfter);
            body.putObject("parameters").put("retry_after", retryAfter);
            FakeHttp.respond(ex, 429, body);
            return;
        }
        String chatId = params.get("chat_id");
        String text = params.get("text");
        Integer failing = chatId == null ? null : failingChats.get(chatId);
        if (failing != null) {
            FakeHttp.respond(ex, failing, error(failing, failing == 400 ? "Bad Request: chat not found" : "Internal Server Error"));
            return;
        }
        if (chatId == null || text == null || text.isEmpty()) {
            FakeHttp.respond(ex, 400, error(400, "Bad Request: message text is empty"));
            return;
        }
        if (text.length() > 4096) {
            FakeHttp.respond(ex, 400, error(400, "Bad Request: message is too long"));
            return;
        }
        long id = messageIds.incrementAndGet();
        record("sendMessage", chatId, text, id);
        FakeHttp.respond(ex, 200, ok(message(chatId, text, id)));
    }

    private synchronized void record(String method, String chatId, String text, long id) {
        sent.add(new Sent(method, chatId, text, id, System.currentTimeMillis()));
    }

    /**
     * getUpdates as the Bot API does it: updates stay queued until a call with a higher {@code offset} confirms them
     * (an update is confirmed as soon as getUpdates is called with an offset greater than its update_id); without an
     * offset the earliest unconfirmed update comes first; a negative offset keeps only the last -offset updates and
     * forgets the others. A long poll is answered 409 Conflict when another getUpdates call arrives meanwhile
     * ("terminated by other getUpdates request"), as when two bot processes poll at once.
     */
    private synchronized JsonNode getUpdates(Map<String, String> params) throws InterruptedException {
        long offset = Long.parseLong(params.getOrDefault("offset", "0"));
        offsets.add(offset);
        long generation = ++polls;
        notifyAll(); // an earlier long poll still waiting is terminated (409)
        long deadline = System.currentTimeMillis() + Math.min(1000, 1000L * Long.parseLong(params.getOrDefault("timeout", "0")));
        confirm(offset);
        while (updates.isEmpty() && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
            if (polls != generation) {
                return null;
            }
        }
        ArrayNode out = json.createArrayNode();
        updates.stream().limit(Long.parseLong(params.getOrDefault("limit", "100"))).forEach(out::add);
        return out;
    }

    private void confirm(long offset) {
        if (offset > 0) {
            updates.removeIf(u -> u.get("update_id").asLong() < offset);
        } else if (offset < 0) {
            while (updates.size() > -offset) {
                updates.remove(0);
            }
        }
    }

    /** The offsets the bot sent with getUpdates, in order (0 when it sent none). */
    public synchronized List<Long> offsets() {
        return List.copyOf(offsets);
    }

    /** Updates not confirmed yet. */
    public synchronized int unconfirmed() {
        return updates.size();
    }

    private ObjectNode message(String chatId, String text, long id) {
        ObjectNode m = json.createObjectNode();
        m.put("message_id", id);
        m.put("date", System.currentTimeMillis() / 1000);
        m.put("text", text);
        m.putObject("chat").put("id", Long.parseLong(chatId)).put("type", Long.parseLong(chatId) < 0 ? "supergroup" : "private");
        m.putObject("from").put("id", 42).put("is_bot", true).put("first_name", "HinksBot").put("username", "hinks_bot");
        return m;
    }

    private ObjectNode ok(JsonNode result) {
        ObjectNode body = json.createObjectNode();
        body.put("ok", true);
        body.set("result", result);
        return body;
    }

    private ObjectNode error(int code, String description) {
        return json.createObjectNode().put("ok", false).put("error_code", code).put("description", description);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
