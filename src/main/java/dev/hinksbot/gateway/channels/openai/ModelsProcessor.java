package dev.hinksbot.gateway.channels.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.agent.AgentProfile;
import dev.hinksbot.gateway.agent.AgentProfiles;
import dev.hinksbot.gateway.agent.LlamaClient;
import dev.hinksbot.gateway.agent.ModelException;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.web.RequestTracker;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `GET /v1/models`: the agent profiles (owned by `hinksbot`) and then the models llama-server serves (as llama-server
 * lists them). When llama-server is down the profiles are still listed: clients can show them, and a chat will
 * say what is wrong.
 */
public final class ModelsProcessor implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ModelsProcessor.class);

    private final AgentProfiles profiles;
    private final LlamaClient llama;
    private final RequestTracker tracker;

    public ModelsProcessor(AgentProfiles profiles, LlamaClient llama, RequestTracker tracker) {
        this.profiles = profiles;
        this.llama = llama;
        this.tracker = tracker;
    }

    @Override
    public void process(Exchange exchange) {
        ObjectNode root = Json.object().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (AgentProfile p : profiles.all()) {
            ObjectNode model = data.addObject().put("id", p.name()).put("object", "model").put("created", 0).put("owned_by", "hinksbot");
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
                    if (!copy.has("created")) {
                        copy.put("created", 0);
                    }
                    data.add(copy);
                }
            }
        } catch (ModelException e) {
            LOG.debug("llama-server models not listed: {}", e.getMessage());
        } finally {
            timing.upstreamEnded();
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.write(root));
    }
}
