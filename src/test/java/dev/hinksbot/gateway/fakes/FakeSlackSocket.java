package dev.hinksbot.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Slack's Socket Mode server, as the wire shows it: a WebSocket that accepts only the one-time URL
 * {@code apps.connections.open} issued ({@code /link/?ticket=…}), greets with {@code hello}, sends each event as an
 * {@code events_api} envelope (envelope_id, payload {@code event_callback}, retry_attempt, retry_reason) and expects
 * {@code {"envelope_id": …}} back. An event not acknowledged is sent again on the next connection with
 * {@code retry_attempt} + 1, as Slack does; events written while no connection is open wait for one. It can ask the
 * client to reconnect ({@code disconnect}, reason {@code refresh_requested}), drop every socket without a close frame,
 * and redeliver every event already sent. A slash command goes as a {@code slash_commands} envelope whose payload holds
 * the fields Slack would otherwise POST as a form (all strings).
 */
public final class FakeSlackSocket implements AutoCloseable {
    private final ObjectMapper json = new ObjectMapper();
    private final Server server;
    private final Set<String> tickets = new HashSet<>(); // guarded by this
    private final List<WebSocket> open = new ArrayList<>(); // guarded by this; oldest first
    private final Map<String, ObjectNode> events = new LinkedHashMap<>(); // event_id -> event; guarded by this
    private final Map<String, Integer> attempts = new HashMap<>(); // event_id -> envelopes sent; guarded by this
    private final Map<String, ObjectNode> slashCommands = new HashMap<>(); // event_id -> payload; guarded by this
    private final Set<String> unacked = new HashSet<>(); // event ids; guarded by this
    private final Map<String, String> envelopes = new HashMap<>(); // envelope_id -> event_id; guarded by this
    private final List<String> acks = new ArrayList<>(); // guarded by this
    private final List<String> badAcks = new ArrayList<>(); // guarded by this
    private int connections; // guarded by this
    private int refused; // guarded by this
    private int eventSeq; // guarded by this

    private FakeSlackSocket() throws InterruptedException {
        server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setReuseAddr(true);
        server.start();
        if (!server.started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the fake Socket Mode server did not start");
        }
    }

    static FakeSlackSocket start() {
        try {
            return new FakeSlackSocket();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What {@code apps.connections.open} answers: a URL with a ticket that opens one connection. */
    synchronized String issueUrl() {
        String ticket = UUID.randomUUID().toString();
        tickets.add(ticket);
        return "ws://127.0.0.1:" + server.getPort() + "/link/?ticket=" + ticket + "&app_id=A0FAKEAPP";
    }

    /** Slack sends {@code event} (an Events API event object) now, or when a connection is open; returns its event_id. */
    public synchronized String send(ObjectNode event) {
        String eventId = "Ev" + String.format("%08d", ++eventSeq);
        events.put(eventId, event);
        return sendOrKeep(eventId);
    }

    /** The event goes out on the newest connection now, or on the next one; it waits for its ack either way. */
    private String sendOrKeep(String eventId) {
        unacked.add(eventId);
        WebSocket newest = open.isEmpty() ? null : open.get(open.size() - 1);
        if (newest != null) {
            sendEnvelope(newest, eventId, "");
        }
        return eventId;
    }

    /** A person types {@code command text} in a conversation; Slack sends it as a slash_commands envelope. */
    public synchronized String slashCommand(String channelId, String userId, String command, String text) {
        String eventId = "Sc" + String.format("%08d", ++eventSeq);
        ObjectNode p = json.createObjectNode().put("token", "fake-verification-token").put("team_id", "T0FAKE")
                .put("team_domain", "fake").put("channel_id", channelId).put("channel_name", channelId.startsWith("D") ? "directmessage" : "general")
                .put("user_id", userId).put("user_name", userId.toLowerCase(java.util.Locale.ROOT)).put("command", command).put("text", text)
                .put("api_app_id", "A0FAKEAPP").put("is_enterprise_install", "false")
                .put("response_url", "https://hooks.slack.invalid/commands/T0FAKE/" + eventSeq + "/fake")
                .put("trigger_id", eventSeq + ".1234567890.fake" + UUID.randomUUID().toString().replace("-", ""));
        slashCommands.put(eventId, p);
        events.put(eventId, p);
        return sendOrKeep(eventId);
    }

    /** Slack sends every event it ever sent once more (new envelopes, retry_attempt + 1), e.g. after a restart. */
    public synchronized void redeliverAll() {
        WebSocket newest = open.isEmpty() ? null : open.get(open.size() - 1);
        if (newest == null) {
            throw new IllegalStateException("no open Socket Mode connection to redeliver on");
        }
        for (String eventId : events.keySet()) {
            unacked.add(eventId);
            sendEnvelope(newest, eventId, "timeout");
        }
    }

    /** Slack's {@code disconnect} message on every open connection (Slack closes them itself a little later). */
    public synchronized void disconnect(String reason) {
        ObjectNode m = json.createObjectNode().put("type", "disconnect").put("reason", reason);
        m.putObject("debug_info").put("host", "fake-slack-socket");
        for (WebSocket ws : open) {
            ws.send(m.toString());
        }
    }

    /** Every open socket is cut without a close frame (a network drop). */
    public void dropConnections() {
        List<WebSocket> all;
        synchronized (this) {
            all = List.copyOf(open);
        }
        for (WebSocket ws : all) {
            ws.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by the fake");
        }
    }

    public synchronized int connectionsOpened() {
        return connections;
    }

    public synchronized int openConnections() {
        return open.size();
    }

    /** Connections refused for a missing, unknown or reused ticket. */
    public synchronized int refusedConnections() {
        return refused;
    }

    public synchronized List<String> acks() {
        return List.copyOf(acks);
    }

    /** Acks naming an envelope that was never sent. */
    public synchronized List<String> badAcks() {
        return List.copyOf(badAcks);
    }

    public synchronized int unackedEvents() {
        return unacked.size();
    }

    public synchronized int envelopesSent() {
        return envelopes.size();
    }

    public void awaitConnections(int opened, Duration timeout) throws InterruptedException {
        await(() -> connectionsOpened() >= opened && openConnections() > 0, timeout,
                () -> "Socket Mode connections opened: " + connectionsOpened() + ", open: " + openConnections() + ", wanted " + opened);
    }

    /** Waits until every event sent so far has been acknowledged. */
    public void awaitAllAcked(Duration timeout) throws InterruptedException {
        await(() -> unackedEvents() == 0, timeout, () -> unackedEvents() + " event(s) not acknowledged");
    }

    private static void await(BooleanSupplier done, Duration timeout, java.util.function.Supplier<String> why) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(why.get());
            }
            Thread.sleep(20);
        }
    }

    private void sendEnvelope(WebSocket ws, String eventId, String retryReason) {
        int attempt = attempts.merge(eventId, 1, Integer::sum) - 1;
        String envelopeId = UUID.randomUUID().toString();
        envelopes.put(envelopeId, eventId);
        if (slashCommands.containsKey(eventId)) {
            ObjectNode env = json.createObjectNode().put("envelope_id", envelopeId);
            env.set("payload", slashCommands.get(eventId));
            env.put("type", "slash_commands").put("accepts_response_payload", true);
            ws.send(env.toString());
            return;
        }
        ObjectNode env = json.createObjectNode().put("envelope_id", envelopeId).put("type", "events_api")
                .put("accepts_response_payload", false).put("retry_attempt", attempt)
                .put("retry_reason", attempt == 0 ? "" : retryReason.isEmpty() ? "timeout" : retryReason);
        ObjectNode payload = env.putObject("payload");
        payload.put("token", "fake-verification-token").put("team_id", "T0FAKE").put("api_app_id", "A0FAKEAPP");
        payload.set("event", events.get(eventId));
        payload.put("type", "event_callback").put("event_id", eventId).put("event_time", System.currentTimeMillis() / 1000);
        payload.putArray("authorizations").addObject().put("team_id", "T0FAKE").put("user_id", FakeSlack.BOT_USER)
                .put("is_bot", true).put("is_enterprise_install", false);
        payload.put("is_ext_shared_channel", false);
        ws.send(env.toString());
    }

    private synchronized void opened(WebSocket ws, String resource) {
        String query = URI.create(resource).getRawQuery();
        String ticket = null;
        for (String part : query == null ? new String[0] : query.split("&")) {
            if (part.startsWith("ticket=")) {
                ticket = part.substring("ticket=".length());
            }
        }
        if (ticket == null || !tickets.remove(ticket)) {
            refused++;
            ws.close(CloseFrame.POLICY_VALIDATION, "invalid ticket");
            return;
        }
        open.add(ws);
        connections++;
        ObjectNode hello = json.createObjectNode().put("type", "hello").put("num_connections", open.size());
        hello.putObject("debug_info").put("host", "fake-slack-socket").put("build_number", 1).put("approximate_connection_time", 18060);
        hello.putObject("connection_info").put("app_id", "A0FAKEAPP");
        ws.send(hello.toString());
        for (String eventId : List.copyOf(unacked)) {
            sendEnvelope(ws, eventId, "timeout");
        }
    }

    private synchronized void received(String text) {
        try {
            JsonNode m = json.readTree(text);
            String envelopeId = m.path("envelope_id").asText(null);
            if (envelopeId == null) {
                return;
            }
            String eventId = envelopes.get(envelopeId);
            if (eventId == null) {
                badAcks.add(envelopeId);
                return;
            }
            acks.add(envelopeId);
            unacked.remove(eventId);
        } catch (Exception e) {
            badAcks.add(text);
        }
    }

    private synchronized void closed(WebSocket ws) {
        open.remove(ws);
    }

    @Override
    public void close() {
        try {
            server.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Server extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);

        Server(InetSocketAddress address) {
            super(address);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            opened(conn, handshake.getResourceDescriptor());
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            closed(conn);
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            received(message);
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn != null) {
                closed(conn);
            }
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
