package dev.hinksbot.gateway.web.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.agent.AgentProfile;
import dev.hinksbot.gateway.agent.AgentProfiles;
import dev.hinksbot.gateway.agent.LlamaClient;
import dev.hinksbot.gateway.agent.ModelException;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.web.ApiException;
import dev.hinksbot.gateway.web.RequestTracker;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `GET /v1/models`: the agent profiles (owned by `hinksbot`) and then the models llama-server serves (as llama-server
 * lists them). When llama-server is down the profiles are still listed: clients can show them, and a chat will
 * say what is wrong. `GET /v1/models/{id}` answers one of them, 404 `model_not_found` otherwise. A model's `created`
 * is llama-server's when it gives one, else the gateway's start time (clients sort and show it; 0 read as 1970).
 */
public final class ModelsProcessor implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ModelsProcessor.class);

    private final AgentProfiles profiles;
    private final LlamaClient llama;
    private final RequestTracker tracker;
    /** The gateway's start, in epoch seconds. */
    private final long startedAt;

    public ModelsProcessor(AgentProfiles profiles, LlamaClient llama, RequestTracker tracker) {
        this.profiles = profiles;
        this.llama = llama;
        this.tracker = tracker;
        this.startedAt = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() / 1000;
    }

    @Override
    public void process(Exchange exchange) {
        ObjectNode root = Json.object().put("object", "list");
        root.putArray("data").addAll(all(exchange));
        reply(exchange, root);
    }

    /** `GET /v1/models/{id}`. */
    public void one(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        for (JsonNode model : all(exchange)) {
            if (model.path("id").asText().equals(id)) {
                reply(exchange, model);
                return;
            }
        }
        throw new ApiException(404, "model_not_found", "the model '" + id + "' does not exist (GET /v1/models lists them)", "model");
    }

    private ArrayNode all(Exchange exchange) {
        ArrayNode data = Json.MAPPER.createArrayNode();
        for (AgentProfile p : profiles.all()) {
            ObjectNode model = data.addObject().put("id", p.name()).put("object", "model").put("created", startedAt).put("owned_by", "hinksbot");
            if (p.description() != null) {
                model.put("description", p.description());
            }
        }
        RequestTracker.Timing timing = tracker.of(HttpExchange.of(exchange).request());
        timing.upstreamStarted();
        try {
            JsonNode upstream = llama.models().path("data");
            for (JsonNode m : upstream) {
                if (m.hasNonNull("id") && profiles.find(m.get("id").asText()).isEmpty()) {
                    ObjectNode copy = m.deepCopy();
                    if (!copy.path("created").isNumber() || copy.get("created").asLong() <= 0) {
                        copy.put("created", startedAt);
                    }
                    data.add(copy);
                }
            }
        } catch (ModelException e) {
            LOG.debug("llama-server models not listed: {}", e.getMessage());
        } finally {
            timing.upstreamEnded();
        }
        return data;
    }

    private static void reply(Exchange exchange, JsonNode body) {
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.write(body));
    }
}
