package dev.hinksbot.gateway.web.api;

import dev.hinksbot.gateway.web.api.view.HealthView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.agent.LlamaClient;
import dev.hinksbot.gateway.agent.ManagedLlamaServer;
import dev.hinksbot.gateway.agent.ModelException;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.store.Stats;
import dev.hinksbot.gateway.store.StatsRepository;
import dev.hinksbot.gateway.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.camel.Exchange;

/** `/api/v1/health`, `/api/v1/stats`, `/api/v1/models`. */
public final class SystemApi {
    private final LlamaClient llama;
    private final StatsRepository stats;
    private final ChatService chat;
    private final Supplier<ChatService.Defaults> defaults;
    private final boolean authRequired;
    private final Supplier<java.util.Map<String, String>> pollers;
    private final ManagedLlamaServer managedLlama;
    private final Instant startedAt = Instant.now();

    /**
     * {@code pollers}: each platform account this gateway polls ("polling") or leaves to another gateway ("standby");
     * {@code managedLlama}: the llama-server this gateway runs itself, or null.
     */
    public SystemApi(LlamaClient llama, StatsRepository stats, ChatService chat, Supplier<ChatService.Defaults> defaults,
                     boolean authRequired, Supplier<java.util.Map<String, String>> pollers, ManagedLlamaServer managedLlama) {
        this.llama = llama;
        this.stats = stats;
        this.chat = chat;
        this.defaults = defaults;
        this.authRequired = authRequired;
        this.pollers = pollers;
        this.managedLlama = managedLlama;
    }

    /**
     * Always 200 while the gateway runs; `status` is `ok` only when llama-server is ready too. `auth_required` says
     * whether the other endpoints need the API key (never the key itself).
     */
    public void health(Exchange exchange) {
        LlamaClient.Health upstream = llama.health();
        HealthView.Process process = null;
        if (managedLlama != null) {
            ManagedLlamaServer.Status p = managedLlama.status();
            process = new HealthView.Process(p.state(), p.pid(), p.restarts(), p.lastExit()); // no file paths: health needs no key
        }
        Requests.json(exchange, new HealthView(upstream.ok() ? "ok" : "degraded", modelName(upstream.ok()),
                Duration.between(startedAt, Instant.now()).toSeconds(), chat.activeRuns(),
                authRequired, // lets the web UI ask for the key before its first call
                new HealthView.LlamaServer(upstream.status(), upstream.message(), llama.baseUrl(), managedLlama != null, process),
                pollers.get()));
    }

    public void stats(Exchange exchange) {
        Stats s = stats.stats(Requests.intParam(exchange, "days", 30, 1, 366));
        ObjectNode body = Json.object()
                .put("sessions", s.sessions())
                .put("messages", s.messages())
                .put("tool_calls", s.toolCalls())
                .put("tool_failures", s.toolFailures())
                .put("prompt_tokens", s.promptTokens())
                .put("completion_tokens", s.completionTokens())
                .put("avg_tool_ms", s.avgToolMs())
                .put("avg_assistant_ms", s.avgAssistantMs())
                .put("active_runs", chat.activeRuns());
        ObjectNode byRole = body.putObject("messages_by_role");
        s.messagesByRole().forEach(byRole::put);
        ArrayNode top = body.putArray("top_tools");
        s.topTools().forEach(t -> top.addObject().put("name", t.name()).put("count", t.count()));
        ArrayNode daily = body.putArray("daily");
        s.daily().forEach(d -> daily.addObject().put("day", d.day()).put("sessions", d.sessions())
                .put("messages", d.messages()).put("tool_calls", d.toolCalls()).put("tokens", d.tokens()));
        Requests.json(exchange, body);
    }

    public void models(Exchange exchange) {
        JsonNode upstream;
        try {
            upstream = llama.models();
        } catch (ModelException e) {
            throw new ApiException(503, e.code(), e.getMessage());
        }
        String defaultModel = defaults.get().model();
        ObjectNode body = Json.object().put("default", defaultModel == null || defaultModel.isEmpty() ? null : defaultModel);
        ArrayNode models = body.putArray("models");
        for (JsonNode m : upstream.path("data")) {
            models.addObject().put("id", m.path("id").asText()).put("owned_by", m.path("owned_by").asText("llamacpp"))
                    .set("meta", m.path("meta"));
        }
        Requests.json(exchange, body);
    }

    private String modelName(boolean reachable) {
        String defaultModel = defaults.get().model();
        if (defaultModel != null && !defaultModel.isEmpty()) {
            return defaultModel;
        }
        if (!reachable) {
            return null;
        }
        try {
            return llama.models().path("data").path(0).path("id").asText(null);
        } catch (ModelException e) {
            return null;
        }
    }
}
