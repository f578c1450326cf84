package dev.hinksbot.gateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Name, description, JSON-schema parameters and groups of a tool. */
public record ToolSpec(String name, String description, JsonNode parameters, List<String> groups) {
    public ToolSpec {
        if (name == null || !name.matches("[a-zA-Z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("tool name must match [a-zA-Z0-9_-]{1,64}: " + name);
        }
        groups = List.copyOf(groups);
    }

    /** The OpenAI / llama-server `tools[]` entry for this tool. */
    public ObjectNode openAiSchema() {
        ObjectNode fn = JsonNodeFactory.instance.objectNode();
        fn.put("name", name);
        fn.put("description", description);
        fn.set("parameters", parameters);
        ObjectNode tool = JsonNodeFactory.instance.objectNode();
        tool.put("type", "function");
        tool.set("function", fn);
        return tool;
    }
}
