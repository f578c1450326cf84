package dev.hinksbot.gateway.channels.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.agent.AgentEventListener;
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
 * The Responses API: `POST /v1/responses`, `GET` and `DELETE /v1/responses/{id}`. A stored response's conversation
 * is a session; chaining with `previous_response_id` appends only the new input to it (forking a new session when
 * the chain continues from an earlier response), and `conversation` names the session directly. Response objects are
 * kept in the database for gateway.api.responses-retention.
 */
public final class ResponsesApi {
    private static final Logger LOG = LoggerFactory.getLogger(ResponsesApi.class);

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
        AgentEventListener listener = sse == null ? transcript : new ResponseStream(sse, transcript, response);
        ActiveRun run = runner.start(agentRequest, sessionId, http.request(), listener);
        if (stored) {
            save(response, run, request, "in_progress", null, created);
        }
        AgentRunner.await(run);
        String status = transcript.failure() != null ? "failed" : transcript.cancelled() ? "cancelled" : "completed";
        ObjectNode body = response.build(status, transcript);
        if (stored) {
            save(response, run, request, body.get("status").asText(), body, created);
        }
        if (sse == null) {
            if (transcript.failure() != null) {
                throw RunTranscript.asHttpError(transcript.failure());
            }
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setBody(Json.write(body));
        }
    }

    public void get(Exchange exchange) {
        StoredResponse r = find(exchange.getIn().getHeader("id", String.class));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(r.body());
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

    private void save(ResponseObject response, ActiveRun run, ResponseRequest request, String status, JsonNode body, Instant created) {
        JsonNode snapshot = body != null ? body : response.build(status, null);
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
