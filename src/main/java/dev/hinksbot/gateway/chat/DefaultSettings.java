package dev.hinksbot.gateway.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.store.SettingsRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The defaults of sessions without their own settings: the configured ones (`gateway.defaults.*`), each
 * replaceable at run time (the web UI's settings panel) by a value saved in the store, which survives restarts.
 */
public final class DefaultSettings implements Supplier<ChatService.Defaults> {
    public static final String MODEL = "model";
    public static final String SYSTEM_PROMPT = "system_prompt";
    public static final String TOOL_OPTIONS = "tool_options";
    public static final String MAX_TURNS = "max_turns";
    public static final Set<String> NAMES = Set.of(MODEL, SYSTEM_PROMPT, TOOL_OPTIONS, MAX_TURNS);
    private static final String PREFIX = "defaults.";
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSettings.class);

    private final ChatService.Defaults configured;
    private final SettingsRepository store;
    private volatile ChatService.Defaults current;
    private volatile Set<String> saved;

    public DefaultSettings(ChatService.Defaults configured, SettingsRepository store) {
        this.configured = configured;
        this.store = store;
        reload();
    }

    /** The defaults in force now. */
    @Override
    public ChatService.Defaults get() {
        return current;
    }

    /** The defaults from configuration, which a reset returns to. */
    public ChatService.Defaults configured() {
        return configured;
    }

    /** Names of the defaults that differ from configuration because they were saved. */
    public Set<String> saved() {
        return saved;
    }

    public synchronized ChatService.Defaults update(DefaultsPatch patch) {
        Map<String, String> values = new HashMap<>();
        if (patch.model() != null) {
            values.put(PREFIX + MODEL, Json.write(patch.model()));
        }
        if (patch.systemPrompt() != null) {
            values.put(PREFIX + SYSTEM_PROMPT, Json.write(patch.systemPrompt()));
        }
        if (patch.toolOptions() != null) {
            values.put(PREFIX + TOOL_OPTIONS, Json.write(patch.toolOptions()));
        }
        if (patch.maxTurns() != null) {
            values.put(PREFIX + MAX_TURNS, Json.write(patch.maxTurns()));
        }
        store.update(values, patch.reset().stream().filter(NAMES::contains).map(n -> PREFIX + n).toList());
        reload();
        return current;
    }

    public synchronized ChatService.Defaults reset() {
        store.update(Map.of(), NAMES.stream().map(n -> PREFIX + n).toList());
        reload();
        return current;
    }

    private void reload() {
        Map<String, JsonNode> values = new HashMap<>();
        store.all().forEach((key, value) -> {
            if (key.startsWith(PREFIX) && NAMES.contains(key.substring(PREFIX.length()))) {
                try {
                    values.put(key.substring(PREFIX.length()), Json.parse(value));
                } catch (JsonProcessingException e) {
                    LOG.warn("ignoring the saved default '{}': not JSON", key);
                }
            }
        });
        String model = values.containsKey(MODEL) ? values.get(MODEL).asText() : configured.model();
        String prompt = values.containsKey(SYSTEM_PROMPT) ? values.get(SYSTEM_PROMPT).asText() : configured.systemPrompt();
        int maxTurns = values.containsKey(MAX_TURNS) ? values.get(MAX_TURNS).asInt(configured.maxTurns()) : configured.maxTurns();
        List<String> tools = configured.toolGroups();
        if (values.containsKey(TOOL_OPTIONS)) {
            tools = new ArrayList<>();
            for (JsonNode item : values.get(TOOL_OPTIONS)) {
                tools.add(item.asText());
            }
        }
        current = new ChatService.Defaults(model, prompt, maxTurns, List.copyOf(tools));
        saved = new TreeSet<>(values.keySet());
    }
}
