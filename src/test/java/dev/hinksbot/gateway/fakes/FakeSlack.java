package dev.hinksbot.gateway.fakes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A Slack Web API fake speaking the real wire: form (or JSON) POSTs to {@code /api/<method>} with a Bearer token,
 * JSON answers with {@code ok}; a wrong token gets {@code invalid_auth} (HTTP 200, as Slack does). Methods:
 * {@code auth.test} (bot user {@value #BOT_USER}, bot {@value #BOT_ID}), {@code conversations.list} (the public
 * channels it was started with), {@code conversations.history} (newest first, {@code oldest} exclusive unless
 * {@code inclusive}, {@code limit}), {@code chat.postMessage} (recorded, and added to the channel's history as the
 * bot's message, as Slack does; {@code thread_ts} recorded with the post). {@link #rateLimitNextPosts} answers HTTP 429
 * with {@code Retry-After}; {@link #failNextPosts} answers {@code ok:false}. Any other method is logged loudly and listed
 * in {@link #unknownMethods}.
 * <p>
 * Started with an app-level token ({@link #startSocketMode}) it also speaks Socket Mode: {@code apps.connections.open}
 * (app token only; a bot token gets {@code not_allowed_token_type}, as the app token does on every other method but
 * {@code auth.test}) returns a one-time {@code ws://} URL of its WebSocket server, which greets with {@code hello} and
 * sends {@code events_api} envelopes (see {@link FakeSlackSocket}).
 */
public final class FakeSlack implements AutoCloseable {
    public static final String BOT_USER = "U0BOTUSER";
    public static final String BOT_ID = "B0BOTID";

    /** A message the bot posted. */
    private final List<Post> updates = new ArrayList<>();

    public record Post(String channel, String text, String ts, Map<String, String> params) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-slack");
        t.setDaemon(true);
        return t;
    });
    private final String token;
    private final String appToken;
    private final FakeSlackSocket socket;
    private final Map<String, String> channels; // name -> id
    private final Map<String, List<ObjectNode>> history = new HashMap<>(); // guarded by this; oldest first
    private final Map<String, AtomicInteger> historyCalls = new HashMap<>(); // guarded by this
    private final List<Post> posts = new ArrayList<>(); // guarded by this
    private final List<String> unknown = new ArrayList<>(); // guarded by this
    private final AtomicInteger postAttempts = new AtomicInteger();
    private final AtomicInteger connectionsOpenCalls = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger failing = new AtomicInteger();
    private volatile int retryAfter = 1;
    private volatile String failure = "channel_not_found";
    private long lastMicros;

    private FakeSlack(String token, String appToken, Map<String, String> channels) throws IOException {
        this.token = token;
        this.appToken = appToken;
        this.socket = appToken == null ? null : FakeSlackSocket.start();
        this.channels = new LinkedHashMap<>(channels);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code channels}: public channel name → id, e.g. {@code general → C0GENERAL}. */
    public static FakeSlack start(String token, Map<String, String> channels) {
        try {
            return new FakeSlack(token, null, channels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fake that also speaks Socket Mode for the app-level token {@code appToken}. */
    public static FakeSlack startSocketMode(String token, String appToken, Map<String, String> channels) {
        try {
            return new FakeSlack(token, appToken, channels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Socket Mode side (events, acks, disconnects); only for a fake started with {@link #startSocketMode}. */
    public FakeSlackSocket socket() {
        if (socket == null) {
            throw new IllegalStateException("this FakeSlack was started without an app-level token");
        }
        return socket;
    }

    /** A person writes {@code text} in the DM {@code dmChannel} (D…): a {@code message.im} event; returns its ts. */
    public String dm(String dmChannel, String userId, String text) {
        return dm(dmChannel, userId, text, null);
    }

    public String dm(String dmChannel, String userId, String text, String threadTs) {
        String ts = newTs();
        socket().send(messageEvent("message", dmChannel, "im", userId, text, ts, threadTs));
        return ts;
    }

    /**
     * A person mentions the bot in a channel ({@code text} holds {@code <@U0BOTUSER>}): Slack sends an
     * {@code app_mention} and, since the app also subscribes to channel messages, a {@code message} event for the same
     * message. Returns its ts.
     */
    public String mention(String channelId, String userId, String text, String threadTs) {
        String ts = newTs();
        socket().send(messageEvent("app_mention", channelId, null, userId, text, ts, threadTs));
        socket().send(messageEvent("message", channelId, "channel", userId, text, ts, threadTs));
        return ts;
    }

    /** A channel message without a mention ({@code message.channels}); returns its ts. */
    public String channelMessage(String channelId, String userId, String text, String threadTs) {
        String ts = newTs();
        socket().send(messageEvent("message", channelId, "channel", userId, text, ts, threadTs));
        return ts;
    }

    public ObjectNode messageEvent(String type, String channelId, String channelType, String userId, String text, String ts,
                                   String threadTs) {
        ObjectNode e = json.createObjectNode().put("type", type).put("user", userId).put("text", text).put("ts", ts)
                .put("channel", channelId).put("event_ts", ts).put("team", "T0FAKE").put("client_msg_id", java.util.UUID.randomUUID().toString());
        if (channelType != null) {
            e.put("channel_type", channelType);
        }
        if (threadTs != null) {
            e.put("thread_ts", threadTs).put("parent_user_id", "U0SOMEONE");
        }
        return e;
    }

    /** Slack's ts for a message written now (unique and increasing). */
    public String newTs() {
        return nextTs(Instant.now());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A person writes in a channel (or DM) now; returns the message's ts. */
    public String userSays(String channelId, String userId, String text) {
        return add(channelId, message(nextTs(Instant.now()), userId, text));
    }

    /** A message written at {@code at} (before the gateway started, in tests). */
    public String oldMessage(String channelId, String userId, String text, Instant at) {
        return add(channelId, message(nextTs(at), userId, text));
    }

    /** Any history item, e.g. a system subtype or another bot's message. */
    public synchronized String addRaw(String channelId, ObjectNode item) {
        if (!item.has("ts")) {
            item.put("ts", nextTs(Instant.now()));
        }
        return add(channelId, item);
    }

    public ObjectNode newItem() {
        return json.createObjectNode().put("type", "message");
    }

    /** The next {@code n} chat.postMessage calls answer HTTP 429 with {@code Retry-After: seconds}. */
    public void rateLimitNextPosts(int n, int seconds) {
        retryAfter = seconds;
        rateLimited.set(n);
    }

    /** The next {@code n} chat.postMessage calls answer HTTP 200 {@code ok:false} with {@code error}. */
    public void failNextPosts(int n, String error) {
        failure = error;
        failing.set(n);
    }

    /** Calls of apps.connections.open, with any token. */
    public int connectionsOpenCalls() {
        return connectionsOpenCalls.get();
    }

    public int postAttempts() {
        return postAttempts.get();
    }

    public synchronized int historyCalls(String channelId) {
        return historyCalls.computeIfAbsent(channelId, c -> new AtomicInteger()).get();
    }

    public synchronized List<Post> posts() {
        return List.copyOf(posts);
    }

    public List<Post> postsTo(String channelId) {
        return posts().stream().filter(p -> p.channel().equals(channelId)).toList();
    }

    public synchronized List<String> unknownMethods() {
        return List.copyOf(unknown);
    }

    public Post await(Predicate<Post> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (Post p : posts()) {
                if (match.test(p)) {
                    return p;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching Slack post within " + timeout + "; posts: " + posts());
    }

    public Post awaitTo(String channelId, Predicate<String> text, Duration timeout) throws InterruptedException {
        return await(p -> p.channel().equals(channelId) && text.test(p.text()), timeout);
    }

    /** Waits until the gateway polled a channel's history {@code n} more times (so it has seen what is there). */
    public void awaitPolls(String channelId, int n, Duration timeout) throws InterruptedException {
        int target = historyCalls(channelId) + n;
        long end = System.nanoTime() + timeout.toNanos();
        while (historyCalls(channelId) < target) {
            if (System.nanoTime() > end) {
                throw new AssertionError("channel " + channelId + " was not polled " + n + " more times");
            }
            Thread.sleep(20);
        }
    }

    private synchronized String add(String channelId, ObjectNode item) {
        history.computeIfAbsent(channelId, c -> new ArrayList<>()).add(item);
        return item.get("ts").asText();
    }

    private ObjectNode message(String ts, String userId, String text) {
        ObjectNode m = json.createObjectNode();
        m.put("type", "message").put("user", userId).put("text", text).put("ts", ts).put("team", "T0FAKE");
        return m;
    }

    /** Slack ts: epoch seconds with 6 decimals, unique and increasing like Slack's. */
    private synchronized String nextTs(Instant at) {
        long micros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
        if (micros <= lastMicros && !at.isBefore(Instant.now().minusSeconds(5))) {
            micros = lastMicros + 1;
        }
        lastMicros = Math.max(lastMicros, micros);
        return String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!path.startsWith("/api/")) {
                FakeHttp.respond(ex, 404, json.createObjectNode().put("ok", false).put("error", "not_found"));
                return;
            }
            String method = path.substring("/api/".length());
            if (method.equals("apps.connections.open")) {
                connectionsOpenCalls.incrementAndGet();
            }
            Map<String, String> params = FakeHttp.params(ex);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : params.get("token");
            if (given == null || given.isEmpty()) {
                FakeHttp.respond(ex, 200, error("not_authed"));
                return;
            }
            boolean app = appToken != null && given.equals(appToken);
            if (!given.equals(token) && !app) {
                FakeHttp.respond(ex, 200, error("invalid_auth"));
                return;
            }
            if (method.equals("apps.connections.open")) {
                FakeHttp.respond(ex, 200, app ? ok().put("url", socket.issueUrl()) : error("not_allowed_token_type"));
                return;
            }
            if (app && !method.equals("auth.test")) {
                synchronized (this) {
                    unknown.add(method + " (with the app-level token)");
                }
                FakeHttp.respond(ex, 200, error("not_allowed_token_type"));
                return;
            }
            switch (method) {
                case "auth.test" -> FakeHttp.respond(ex, 200, ok().put("url", "https://fake.slack.com/").put("team", "Fake")
                        .put("user", "hinksbot").put("team_id", "T0FAKE").put("user_id", BOT_USER).put("bot_id", BOT_ID)
                        .put("is_enterprise_install", false));
                case "conversations.list" -> FakeHttp.respond(ex, 200, conversationsList(params));
                case "conversations.history" -> FakeHttp.respond(ex, 200, conversationsHistory(params));
                case "chat.postMessage" -> postMessage(ex, params);
                case "chat.update" -> update(ex, params);
                default -> {
                    synchronized (this) {
                        unknown.add(method);
                    }
                    System.err.println("FakeSlack: UNKNOWN METHOD " + method + " " + params.keySet());
                    FakeHttp.respond(ex, 200, error("unknown_method"));
                }
            }
        }
    }

    private ObjectNode conversationsList(Map<String, String> params) {
        ObjectNode body = ok();
        ArrayNode list = body.putArray("channels");
        String types = params.getOrDefault("types", "public_channel");
        if (types.contains("public_channel")) {
            channels.forEach((name, id) -> list.addObject().put("id", id).put("name", name).put("is_channel", true)
                    .put("is_private", false).put("is_archived", false).put("is_member", true).put("created", 1_600_000_000));
        }
        body.putObject("response_metadata").put("next_cursor", "");
        return body;
    }

    private synchronized ObjectNode conversationsHistory(Map<String, String> params) {
        String channel = params.get("channel");
        if (channel == null || !channels.containsValue(channel) && !channel.startsWith("D")) {
            return error("channel_not_found");
        }
        historyCalls.computeIfAbsent(channel, c -> new AtomicInteger()).incrementAndGet();
        BigDecimal oldest = params.get("oldest") == null ? null : new BigDecimal(params.get("oldest"));
        boolean inclusive = "true".equals(params.get("inclusive")) || "1".equals(params.get("inclusive"));
        int limit = Integer.parseInt(params.getOrDefault("limit", "100"));
        List<ObjectNode> items = history.getOrDefault(channel, List.of());
        ObjectNode body = ok();
        ArrayNode messages = body.putArray("messages");
        int matching = 0;
        for (int i = items.size() - 1; i >= 0; i--) { // newest first
            ObjectNode item = items.get(i);
            int cmp = oldest == null ? 1 : new BigDecimal(item.get("ts").asText()).compareTo(oldest);
            if (cmp > 0 || cmp == 0 && inclusive) {
                matching++;
                if (messages.size() < limit) {
                    messages.add(item);
                }
            }
        }
        body.put("has_more", matching > messages.size());
        body.put("pin_count", 0);
        body.putObject("response_metadata").put("next_cursor", "");
        return body;
    }

    private void postMessage(HttpExchange ex, Map<String, String> params) throws IOException {
        postAttempts.incrementAndGet();
        if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ex.getResponseHeaders().set("Retry-After", String.valueOf(retryAfter));
            FakeHttp.respond(ex, 429, error("ratelimited"));
            return;
        }
        if (failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            FakeHttp.respond(ex, 200, error(failure));
            return;
        }
        String channel = params.get("channel");
        String text = params.get("text");
        if (channel == null || !channels.containsValue(channel) && !channel.startsWith("D")) {
            FakeHttp.respond(ex, 200, error("channel_not_found"));
            return;
        }
        if ((text == null || text.isEmpty()) && params.get("blocks") == null) {
            FakeHttp.respond(ex, 200, error("no_text"));
            return;
        }
        ObjectNode message = message(nextTs(Instant.now()), BOT_USER, text);
        message.put("bot_id", BOT_ID).put("app_id", "A0FAKEAPP");
        synchronized (this) {
            history.computeIfAbsent(channel, c -> new ArrayList<>()).add(message);
            posts.add(new Post(channel, text, message.get("ts").asText(), Map.copyOf(params)));
        }
        ObjectNode body = ok().put("channel", channel).put("ts", message.get("ts").asText());
        body.set("message", message);
        FakeHttp.respond(ex, 200, body);
    }

    /** chat.update: the bot's own message {@code ts} in {@code channel} now says {@code text} (recorded). */
    private void update(HttpExchange ex, Map<String, String> params) throws IOException {
        String channel = params.get("channel");
        String ts = params.get("ts");
        String text = params.get("text");
        synchronized (this) {
            ObjectNode target = history.getOrDefault(channel, List.of()).stream()
                    .filter(m -> m.path("ts").asText().equals(ts) && m.has("bot_id")).findFirst().orElse(null);
            if (target == null) {
                FakeHttp.respond(ex, 200, error("message_not_found"));
                return;
            }
            if (text == null || text.isEmpty()) {
                FakeHttp.respond(ex, 200, error("no_text"));
                return;
            }
            target.put("text", text);
            updates.add(new Post(channel, text, ts, Map.copyOf(params)));
        }
        FakeHttp.respond(ex, 200, ok().put("channel", channel).put("ts", ts).put("text", text));
    }

    /** Every chat.update that changed a message, in order (its {@code ts} is the message's). */
    public synchronized List<Post> updates() {
        return List.copyOf(updates);
    }

    /** What the bot's message {@code ts} in {@code channel} says now (after updates), or null. */
    public synchronized String shows(String channel, String ts) {
        return history.getOrDefault(channel, List.of()).stream().filter(m -> m.path("ts").asText().equals(ts))
                .map(m -> m.path("text").asText()).findFirst().orElse(null);
    }

    private ObjectNode ok() {
        return json.createObjectNode().put("ok", true);
    }

    private ObjectNode error(String code) {
        return json.createObjectNode().put("ok", false).put("error", code);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (socket != null) {
            socket.close();
        }
    }
}
