package dev.hinksbot.gateway.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.DefaultSettings;
import dev.hinksbot.gateway.chat.DefaultsPatch;
import dev.hinksbot.gateway.web.ApiException;
import dev.hinksbot.gateway.web.api.view.DefaultsView;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * `/api/v1/defaults`: the settings of sessions without their own (model, system prompt, tool options, max turns).
 * PATCH saves values (a field set to null goes back to the configured value); DELETE restores all of them.
 */
public final class DefaultsApi {
    private static final int MAX_MODEL = 200;
    private static final int MAX_PROMPT = 100_000;

    private final DefaultSettings defaults;

    public DefaultsApi(DefaultSettings defaults) {
        this.defaults = defaults;
    }

    public void get(Exchange exchange) {
        Requests.json(exchange, view());
    }

    public void patch(Exchange exchange) {
        JsonNode body = Requests.jsonObject(exchange);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!DefaultSettings.NAMES.contains(name)) {
                throw ApiException.badRequest("invalid_field", "unknown field '" + name + "'; known: model, system_prompt, tool_options, max_turns");
            }
        }
        Set<String> reset = new HashSet<>();
        body.fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                reset.add(f.getKey());
            }
        });
        defaults.update(new DefaultsPatch(Requests.optionalString(body, DefaultSettings.MODEL, MAX_MODEL),
                Requests.optionalString(body, DefaultSettings.SYSTEM_PROMPT, MAX_PROMPT),
                Requests.optionalStringList(body, DefaultSettings.TOOL_OPTIONS),
                Requests.optionalInt(body, DefaultSettings.MAX_TURNS, 1, 1000), reset));
        Requests.json(exchange, view());
    }

    public void reset(Exchange exchange) {
        defaults.reset();
        Requests.json(exchange, view());
    }

    private DefaultsView view() {
        ChatService.Defaults now = defaults.get();
        ChatService.Defaults configured = defaults.configured();
        return new DefaultsView(model(now), now.systemPrompt(), now.maxTurns(), now.toolGroups(),
                new DefaultsView.Values(model(configured), configured.systemPrompt(), configured.maxTurns(), configured.toolGroups()),
                List.copyOf(defaults.saved()));
    }

    private static String model(ChatService.Defaults d) {
        return d.model() == null || d.model().isEmpty() ? null : d.model();
    }
}
