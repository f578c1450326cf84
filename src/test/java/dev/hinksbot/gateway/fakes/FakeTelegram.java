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
 * record what the bot said (with {@code parse_mode} and {@code message_thread_id}), sendChatAction counts typing,
 * getMe names the bot. {@link #rateLimitNextSends} makes the next sendMessage calls answer 429 with
 * {@code parameters.retry_after}. Requests with another token get 401.
 *
 * <p>{@code parse_mode=HTML} is checked as the Bot API does: only Telegram's tags, properly nested, and every
 * {@code <}, {@code >} and {@code &} outside a tag escaped; otherwise 400 "can't parse entities". The 4,096 limit
 * counts the text after parsing. An edit to the text a message already has answers 400 "message is not modified".
 * Files the bot may download are registered with {@link #addFile}; getFile and {@code /file/bot<token>/<path>} serve
 * them.
 */
public final class FakeTelegram implements AutoCloseable {
    /** A message the bot sent. */
    public record Sent(String method, String chatId, String text, long messageId, long at, String parseMode, String threadId) {
    }

    private static final java.util.Set<String> TAGS = java.util.Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike",
            "del", "a", "code", "pre", "span", "tg-spoiler", "blockquote", "tg-emoji");

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
    private final AtomicInteger markupRejections = new AtomicInteger();
    private final AtomicInteger getMeCalls = new AtomicInteger();
    private final AtomicInteger downloads = new AtomicInteger();
    private volatile String username = "hinks_bot";
    /** Each message's current text and parse mode, for "message is not modified". */
    private final Map<Long, String> current = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, byte[]> files = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> filePaths = new java.util.concurrent.ConcurrentHashMap<>();

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
        userSends(chatId, chatType, userId, username, m -> m.put("text", text));
    }

    /**
     * A user sends a message that {@code fill} completes (text, caption, photo, document, voice, message_thread_id …);
     * returns its message_id.
     */
    public synchronized long userSends(long chatId, String chatType, long userId, String username,
                                       java.util.function.Consumer<ObjectNode> fill) {
        ObjectNode update = json.createObjectNode();
        update.put("update_id", updateIds.incrementAndGet());
        ObjectNode message = update.putObject("message");
        long messageId = messageIds.incrementAndGet();
        message.put("message_id", messageId);
        message.put("date", System.currentTimeMillis() / 1000);
        fill.accept(message);
        ObjectNode from = message.putObject("from");
        from.put("id", userId).put("is_bot", false).put("first_name", username).put("username", username);
        ObjectNode chat = message.putObject("chat");
        chat.put("id", chatId).put("type", chatType);
        if (!"private".equals(chatType)) {
            chat.put("title", "Test group");
        }
        if (message.path("is_topic_message").asBoolean(false)) {
            chat.put("is_forum", true);
        }
        updates.add(update);
        notifyAll();
        return messageId;
    }

    /** A file the bot can fetch with getFile {@code fileId} (served at {@code /file/bot<token>/<path>}). */
    public void addFile(String fileId, String path, byte[] bytes) {
        files.put(fileId, bytes);
        filePaths.put(path, fileId);
    }

    /** The next {@code n} calls with {@code parse_mode} answer 400 "can't parse entities", whatever their markup. */
    public void rejectMarkup(int n) {
        markupRejections.set(n);
    }

    /** The bot's username in getMe. */
    public void setUsername(String name) {
        username = name;
    }

    public int getMeCalls() {
        return getMeCalls.get();
    }

    /** Files downloaded from {@code /file/bot<token>/…}. */
    public int downloads() {
        return downloads.get();
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

    /**
     * What the chat shows: each message the bot sent, in order, with its latest text (a message edited by
     * editMessageText counts once, with the edit).
     */
    public List<String> shown(String chatId) {
        Map<Long, String> texts = new java.util.LinkedHashMap<>();
        for (Sent s : sentTo(chatId)) {
            if (s.method().equals("sendMessage") || texts.containsKey(s.messageId())) {
                texts.put(s.messageId(), s.text());
            }
        }
        return List.copyOf(texts.values());
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
            if (path.startsWith("/file/bot" + token + "/")) {
                String fileId = filePaths.get(path.substring(("/file/bot" + token + "/").length()));
                byte[] bytes = fileId == null ? null : files.get(fileId);
                if (bytes == null) {
                    FakeHttp.respond(ex, 404, error(404, "Not Found"));
                    return;
                }
                downloads.incrementAndGet();
                ex.sendResponseHeaders(200, bytes.length);
                ex.getResponseBody().write(bytes);
                return;
            }
            String prefix = "/bot" + token + "/";
            if (!path.startsWith(prefix)) {
                FakeHttp.respond(ex, 401, error(401, "Unauthorized"));
                return;
            }
            String method = path.substring(prefix.length());
            Map<String, String> params = FakeHttp.params(ex);
            switch (method) {
                case "getMe" -> {
                    getMeCalls.incrementAndGet();
                    FakeHttp.respond(ex, 200, ok(json.createObjectNode().put("id", 42).put("is_bot", true)
                            .put("first_name", "HinksBot").put("username", username)));
                }
                case "getFile" -> {
                    String fileId = params.getOrDefault("file_id", "");
                    String filePath = filePaths.entrySet().stream().filter(e -> e.getValue().equals(fileId)).map(Map.Entry::getKey)
                            .findFirst().orElse(null);
                    if (filePath == null) {
                        FakeHttp.respond(ex, 400, error(400, "Bad Request: invalid file_id"));
                    } else {
                        FakeHttp.respond(ex, 200, ok(json.createObjectNode().put("file_id", fileId).put("file_unique_id", "u" + fileId)
                                .put("file_size", files.get(fileId).length).put("file_path", filePath)));
                    }
                }
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
                case "editMessageText" -> editMessageText(ex, params);
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
        String visible = parsed(ex, params);
        if (visible == null) {
            return;
        }
        if (visible.length() > 4096) {
            FakeHttp.respond(ex, 400, error(400, "Bad Request: message is too long"));
            return;
        }
        long id = messageIds.incrementAndGet();
        current.put(id, params.getOrDefault("parse_mode", "") + "|" + text);
        record("sendMessage", chatId, text, id, params);
        FakeHttp.respond(ex, 200, ok(message(chatId, text, id)));
    }

    private void editMessageText(HttpExchange ex, Map<String, String> params) throws IOException {
        long id = Long.parseLong(params.getOrDefault("message_id", "0"));
        String text = params.get("text");
        String before = current.get(id);
        if (before == null) {
            FakeHttp.respond(ex, 400, error(400, "Bad Request: message to edit not found"));
            return;
        }
        if (text == null || text.isEmpty()) {
            FakeHttp.respond(ex, 400, error(400, "Bad Request: message text is empty"));
            return;
        }
        String visible = parsed(ex, params);
        if (visible == null) {
            return;
        }
        if (visible.length() > 4096) {
            FakeHttp.respond(ex, 400, error(400, "Bad Request: MESSAGE_TOO_LONG"));
            return;
        }
        if (before.equals(params.getOrDefault("parse_mode", "") + "|" + text)) {
            FakeHttp.respond(ex, 400, error(400, "Bad Request: message is not modified: specified new message content and"
                    + " reply markup are exactly the same as a current content and reply markup of the message"));
            return;
        }
        current.put(id, params.getOrDefault("parse_mode", "") + "|" + text);
        record("editMessageText", params.get("chat_id"), text, id, params);
        FakeHttp.respond(ex, 200, ok(message(params.get("chat_id"), text, id)));
    }

    /** The text after entity parsing, or null after answering 400 for markup Telegram cannot parse. */
    private String parsed(HttpExchange ex, Map<String, String> params) throws IOException {
        String mode = params.get("parse_mode");
        if (mode == null) {
            return params.get("text");
        }
        try {
            if (markupRejections.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalArgumentException("Unsupported start tag \"x\" at byte offset 0");
            }
            if (!"HTML".equals(mode)) {
                throw new IllegalArgumentException("unsupported parse_mode " + mode);
            }
            return htmlText(params.get("text"));
        } catch (IllegalArgumentException e) {
            FakeHttp.respond(ex, 400, error(400, "Bad Request: can't parse entities: " + e.getMessage()));
            return null;
        }
    }

    /** Telegram's HTML: its tags only, nested properly, entities for every other {@code < > &}; returns the text. */
    public static String htmlText(String html) {
        java.util.Deque<String> open = new java.util.ArrayDeque<>();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                int j = html.indexOf('>', i);
                if (j < 0) {
                    throw new IllegalArgumentException("Unclosed start tag at byte offset " + i);
                }
                String tag = html.substring(i + 1, j);
                if (tag.startsWith("/")) {
                    String name = tag.substring(1).strip().toLowerCase(java.util.Locale.ROOT);
                    if (open.isEmpty() || !open.peek().equals(name)) {
                        throw new IllegalArgumentException("Unmatched end tag at byte offset " + i + ", expected \"</"
                                + open.peek() + ">\", found \"</" + name + ">\"");
                    }
                    open.pop();
                } else {
                    String name = tag.split("\\s", 2)[0].toLowerCase(java.util.Locale.ROOT);
                    if (!TAGS.contains(name)) {
                        throw new IllegalArgumentException("Unsupported start tag \"" + name + "\" at byte offset " + i);
                    }
                    if (name.equals("a") && !tag.matches("a href=\"[^\"<>]*\"")) {
                        throw new IllegalArgumentException("Bad link at byte offset " + i);
                    }
                    open.push(name);
                }
                i = j + 1;
            } else if (c == '&') {
                int j = html.indexOf(';', i);
                String entity = j < 0 || j - i > 10 ? "" : html.substring(i + 1, j);
                switch (entity) {
                    case "lt" -> out.append('<');
                    case "gt" -> out.append('>');
                    case "amp" -> out.append('&');
                    case "quot" -> out.append('"');
                    default -> {
                        if (!entity.matches("#\\d{1,7}")) {
                            throw new IllegalArgumentException("Character entity expected at byte offset " + i);
                        }
                        out.appendCodePoint(Integer.parseInt(entity.substring(1)));
                    }
                }
                i = j + 1;
            } else if (c == '>') {
                throw new IllegalArgumentException("Unexpected end tag at byte offset " + i);
            } else {
                out.append(c);
                i++;
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalArgumentException("Can't find end tag corresponding to start tag \"" + open.peek() + "\"");
        }
        return out.toString();
    }

    private synchronized void record(String method, String chatId, String text, long id, Map<String, String> params) {
        sent.add(new Sent(method, chatId, text, id, System.currentTimeMillis(), params.get("parse_mode"), params.get("message_thread_id")));
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
