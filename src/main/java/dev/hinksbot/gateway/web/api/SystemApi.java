package dev.hinksbot.gateway.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.agent.LlamaClient;
import dev.hinksbot.gateway.agent.ManagedLlamaServer;
import dev.hinksbot.gateway.agent.ModelException;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.store.Stats;
import dev.hinksbot.gateway.store.StatsRepository;
import dev.hinksbot.gateway.web.ApiException;
import dev.hinksbot.gateway.web.api.view.HealthView;
import dev.hinksbot.gateway.web.api.view.ModelsView;
import dev.hinksbot.gateway.web.api.view.StatsView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        Requests.json(exchange, new StatsView(s.sessions(), s.messages(), s.toolCalls(), s.toolFailures(), s.promptTokens(),
                s.completionTokens(), s.avgToolMs(), s.avgAssistantMs(), chat.activeRuns(), s.messagesByRole(),
                s.topTools().stream().map(t -> new StatsView.ToolCount(t.name(), t.count())).toList(),
                s.daily().stream().map(d -> new StatsView.Day(d.day(), d.sessions(), d.messages(), d.toolCalls(), d.tokens())).toList()));
    }

    public void models(Exchange exchange) {
        JsonNode upstream;
        try {
            upstream = llama.models();
        } catch (ModelException e) {
            throw new ApiException(503, e.code(), e.getMessage());
        }
        String defaultModel = defaults.get().model();
        List<ModelsView.ModelView> models = new ArrayList<>();
        for (JsonNode m : upstream.path("data")) {
            models.add(new ModelsView.ModelView(m.path("id").asText(), m.path("owned_by").asText("llamacpp"),
                    m.path("meta").isMissingNode() ? null : m.path("meta")));
        }
        Requests.json(exchange, new ModelsView(defaultModel == null || defaultModel.isEmpty() ? null : defaultModel, models));
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
