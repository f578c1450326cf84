package dev.hinksbot.gateway.web.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.agent.AgentProfile;
import dev.hinksbot.gateway.agent.AgentProfiles;
import dev.hinksbot.gateway.agent.ChatMessage;
import dev.hinksbot.gateway.chat.ActiveRun;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.common.Ids;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.store.ResponseRepository;
import dev.hinksbot.gateway.store.StoredResponse;
import dev.hinksbot.gateway.web.ApiException;
import dev.hinksbot.gateway.web.RequestTracker;
import dev.hinksbot.gateway.web.SseStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Responses API: `POST /v1/responses`, `GET` and `DELETE /v1/responses/{id}`, `GET /v1/responses/{id}/input_items`,
 * `POST /v1/responses/{id}/cancel`. A stored response's conversation
 * is a session; chaining with `previous_response_id` appends only the new input to it (forking a new session when
 * the chain continues from an earlier response), and `conversation` names the session directly. Response objects are
 * kept in the database for gateway.api.responses-retention.
 */
public final class ResponsesApi {
    private static final Logger LOG = LoggerFactory.getLogger(ResponsesApi.class);
    /**
     * The stored body keeps the response's input items under this key (removed from every answer): the input_items
     * endpoint needs them, and keeping them with the response avoids a schema change for one list.
     */
    private static final String INPUT_ITEMS = "_input_items";
    /** How long a cancel waits for the run to stop and record its partial answer. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

    private final AgentProfiles profiles;
    private final AgentRunner runner;
    private final ResponseRepository responses;
    private final RequestTracker tracker;
    private final Duration retention;

    public ResponsesApi(AgentProfiles profiles, ChatService chat, RunSlots slots, ResponseRepository responses,
                        RequestTracker tracker, Duration retention) {
        this.profiles = profiles;
        this.runner = new AgentRunner(chat, slots, tracker);
        this.responses = responses;
        this.tracker = tracker;
        this.retention = retention;
    }

    public void create(Exchange exchange) {
        HttpExchange http = HttpExchange.of(exchange);
        ResponseRequest request = ResponseRequest.parse(OpenAiJson.body(exchange));
        AgentProfile profile = profile(request.model());
        String model = request.model() == null || request.model().isBlank() ? profile.name() : request.model();
        String sessionId = sessionFor(request);
        List<ChatMessage> messages = request.input();
        boolean stored = request.store();
        if (!stored && sessionId != null) {
            // Not stored: the run sees the conversation so far, and nothing of it is written.
            List<ChatMessage> all = new ArrayList<>(runner.chat().history(sessionId));
            all.addAll(messages);
            messages = all;
            sessionId = null;
        } else if (stored && sessionId == null) {
            sessionId = Ids.next("sess");
        }
        String systemText = join(request.instructions(), request.inputSystemText());
        AgentRequest agentRequest = new AgentRequest(profile, systemText, request.clientTools(), messages, request.maxOutputTokens(),
                request.params());
        Instant created = Instant.now();
        ResponseObject response = new ResponseObject(Ids.next("resp"), created.getEpochSecond(), model, request,
                request.conversation());
        RunTranscript transcript = new RunTranscript(tracker.of(http.request()));
        SseStream sse = request.stream() ? new SseStream(http.response()) : null;
        ResponseStream stream = sse == null ? null : new ResponseStream(sse, transcript, response);
        ActiveRun run = runner.start(agentRequest, sessionId, http.request(), stream == null ? transcript : stream);
        ArrayNode inputItems = InputItems.of(request.rawInput());
        if (stored) {
            save(response, run, request, "in_progress", null, created, inputItems);
        }
        AgentRunner.await(run);
        String status = transcript.failure() != null ? "failed" : transcript.cancelled() ? "cancelled" : "completed";
        ObjectNode body = response.build(status, transcript);
        try {
            if (stored) {
                save(response, run, request, body.get("status").asText(), body, created, inputItems);
            }
        } finally {
            if (stream != null) {
                stream.finish(body); // after the save: a client that GETs on response.completed finds it completed
            }
        }
        if (stream == null) {
            if (transcript.failure() != null) {
                throw RunTranscript.asHttpError(transcript.failure());
            }
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setBody(Json.write(body));
        }
    }

    public void get(Exchange exchange) {
        StoredResponse r = find(exchange.getIn().getHeader("id", String.class));
        reply(exchange, publicBody(r));
    }

    /**
     * `GET /v1/responses/{id}/input_items`: the items the response answered, newest first unless `order=asc`, at most
     * `limit` (1-100, default 20) after the item id `after`.
     */
    public void inputItems(Exchange exchange) {
        StoredResponse r = find(exchange.getIn().getHeader("id", String.class));
        JsonNode items = storedBody(r).path(INPUT_ITEMS);
        List<JsonNode> ordered = new ArrayList<>();
        items.forEach(ordered::add);
        String order = exchange.getIn().getHeader("order", "desc", String.class);
        if (!order.equals("asc") && !order.equals("desc")) {
            throw OpenAiJson.invalid("order", "'order' must be asc or desc");
        }
        if (order.equals("desc")) {
            java.util.Collections.reverse(ordered);
        }
        int limit;
        try {
            limit = Integer.parseInt(exchange.getIn().getHeader("limit", "20", String.class));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 100) {
            throw OpenAiJson.invalid("limit", "'limit' must be a whole number from 1 to 100");
        }
        String after = exchange.getIn().getHeader("after", String.class);
        int from = 0;
        if (after != null && !after.isBlank()) {
            while (from < ordered.size() && !after.equals(ordered.get(from).path("id").asText())) {
                from++;
            }
            from++;
        }
        List<JsonNode> page = ordered.subList(Math.min(from, ordered.size()), Math.min(from + limit, ordered.size()));
        ObjectNode list = Json.object().put("object", "list");
        list.putArray("data").addAll(page);
        list.put("first_id", page.isEmpty() ? null : page.get(0).path("id").asText());
        list.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).path("id").asText());
        list.put("has_more", from + limit < ordered.size());
        reply(exchange, list);
    }

    /**
     * `POST /v1/responses/{id}/cancel`: stops a response still in progress (its partial answer is kept, status
     * `cancelled`) and returns it; a response that has already ended is returned unchanged when it was cancelled,
     * else refused (400) as OpenAI refuses it.
     */
    public void cancel(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        StoredResponse r = find(id);
        if ("in_progress".equals(r.status())) {
            String runId = r.runId();
            runner.chat().active(r.sessionId()).filter(run -> run.runId().equals(runId))
                    .ifPresent(run -> run.cancel().cancel());
            long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
            while ("in_progress".equals(r.status()) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                r = find(id);
            }
        } else if (!"cancelled".equals(r.status())) {
            throw new ApiException(400, "invalid_request", "response '" + id + "' has already ended (" + r.status()
                    + "); only a response in progress can be cancelled");
        }
        reply(exchange, publicBody(r));
    }

    private static void reply(Exchange exchange, JsonNode body) {
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.write(body));
    }

    /** The stored body without the input items kept beside it. */
    private static JsonNode publicBody(StoredResponse r) {
        ObjectNode body = storedBody(r);
        body.remove(INPUT_ITEMS);
        return body;
    }

    private static ObjectNode storedBody(StoredResponse r) {
        try {
            return (ObjectNode) Json.parse(r.body());
        } catch (Exception e) {
            throw new ApiException(500, "internal_error", "stored response '" + r.id() + "' is unreadable");
        }
    }

    public void delete(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        if (!responses.delete(id)) {
            throw notFound(id);
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.write(Json.object().put("id", id).put("object", "response.deleted").put("deleted", true)));
    }

    /** Drops responses older than the retention period (their conversations stay, as sessions). */
    public void deleteExpired() {
        int removed = responses.deleteExpired();
        if (removed > 0) {
            LOG.info("removed {} stored responses older than {}", removed, retention);
        }
    }

    /**
     * A profile by name. Any other model is llama-server's own: the request is translated to a plain chat with that
     * model — no gateway prompt, no gateway tools, one model turn (the client's tools go back to the client) — so a
     * client that names an upstream model gets what Chat Completions' pass-through would give it, never an agent run.
     */
    private AgentProfile profile(String model) {
        if (model == null || model.isBlank()) {
            return profiles.find(AgentProfiles.DEFAULT).orElseThrow();
        }
        return profiles.find(model).orElseGet(() -> upstream(model));
    }

    static AgentProfile upstream(String model) {
        return new AgentProfile(model, null, null, model, List.of(), 1);
    }

    /** The session the input continues: the conversation, or the previous response's (forked if it has moved on). */
    private String sessionFor(ResponseRequest request) {
        if (request.conversation() != null) {
            if (!ChatService.isValidSessionId(request.conversation())) {
                throw OpenAiJson.invalid("conversation", "a conversation id is 1-128 letters, digits, '_', '-', '.', ':'");
            }
            return request.conversation();
        }
        if (request.previousResponseId() == null) {
            return null;
        }
        StoredResponse previous = responses.find(request.previousResponseId())
                .orElseThrow(() -> new ApiException(404, "response_not_found", "no stored response with id '"
                        + request.previousResponseId() + "' (it may have expired or been deleted)", "previous_response_id"));
        if (!request.store() || responses.endsItsSession(previous)) {
            return previous.sessionId();
        }
        return responses.forkSession(previous, "Branch of " + previous.id());
    }

    private void save(ResponseObject response, ActiveRun run, ResponseRequest request, String status, JsonNode body, Instant created,
                      ArrayNode inputItems) {
        ObjectNode snapshot = (body != null ? body : response.build(status, null)).deepCopy();
        snapshot.set(INPUT_ITEMS, inputItems);
        responses.save(new StoredResponse(response.id(), run.sessionId(), run.runId(), request.previousResponseId(), status,
                Json.write(snapshot), created, created.plus(retention)));
    }

    private StoredResponse find(String id) {
        return responses.find(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "response_not_found", "no stored response with id '" + id + "'");
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        return b == null || b.isBlank() ? a : a + "\n\n" + b;
    }
}
