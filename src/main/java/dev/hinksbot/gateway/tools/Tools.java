package dev.hinksbot.gateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** The simple Java way to define a tool: a builder producing a {@link Tool} that validates its arguments. */
public final class Tools {
    private Tools() {
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private String description = "";
        private final List<String> groups = new ArrayList<>();
        private ObjectNode parameters = emptySchema();
        private ToolHandler handler;
        private Function<JsonNode, Optional<String>> approval = args -> Optional.empty();

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String description) {
            this.description = Objects.requireNonNull(description);
            return this;
        }

        public Builder group(String... groups) {
            this.groups.addAll(List.of(groups));
            return this;
        }

        /** Adds one property to the parameter schema; {@code jsonType} is a JSON-schema type such as "string". */
        public Builder param(String name, String jsonType, String description, boolean required) {
            ObjectNode prop = JsonNodeFactory.instance.objectNode();
            prop.put("type", jsonType);
            prop.put("description", description);
            return property(name, prop, required);
        }

        /** A string parameter restricted to the given values. */
        public Builder enumParam(String name, String description, boolean required, String... values) {
            ObjectNode prop = JsonNodeFactory.instance.objectNode();
            prop.put("type", "string");
            prop.put("description", description);
            ArrayNode e = prop.putArray("enum");
            for (String v : values) {
                e.add(v);
            }
            return property(name, prop, required);
        }

        /** An integer parameter with bounds, so out-of-range values are refused before the handler runs. */
        public Builder intParam(String name, String description, boolean required, long min, long max) {
            ObjectNode prop = JsonNodeFactory.instance.objectNode();
            prop.put("type", "integer");
            prop.put("description", description);
            prop.put("minimum", min);
            prop.put("maximum", max);
            return property(name, prop, required);
        }

        /** An integer parameter with a lower bound only. */
        public Builder intParam(String name, String description, boolean required, long min) {
            ObjectNode prop = JsonNodeFactory.instance.objectNode();
            prop.put("type", "integer");
            prop.put("description", description);
            prop.put("minimum", min);
            return property(name, prop, required);
        }

        private Builder property(String name, ObjectNode prop, boolean required) {
            ObjectNode props = parameters.has("properties") && parameters.get("properties").isObject()
                    ? (ObjectNode) parameters.get("properties") : parameters.putObject("properties");
            props.set(name, prop);
            if (required) {
                ArrayNode req = parameters.has("required") && parameters.get("required").isArray()
                        ? (ArrayNode) parameters.get("required") : parameters.putArray("required");
                req.add(name);
            }
            return this;
        }

        /** Replaces the whole parameter schema (must be an object schema); later {@link #param} calls add to it. */
        public Builder parameters(JsonNode schema) {
            if (schema == null || !schema.isObject() || !"object".equals(schema.path("type").asText())) {
                throw new IllegalArgumentException("parameters must be a JSON schema with type: object");
            }
            this.parameters = ((ObjectNode) schema).deepCopy();
            return this;
        }

        /** Calls for which {@code check} gives a reason wait for a human's approval (see {@link Tool#approvalReason}). */
        public Builder approval(Function<JsonNode, Optional<String>> check) {
            this.approval = Objects.requireNonNull(check);
            return this;
        }

        public Builder handler(ToolHandler handler) {
            this.handler = Objects.requireNonNull(handler);
            return this;
        }

        public Tool build() {
            if (handler == null) {
                throw new IllegalStateException("tool '" + name + "' has no handler");
            }
            ToolSpec spec = new ToolSpec(name, description, parameters.deepCopy(), groups.stream().distinct().toList());
            return new BuiltTool(spec, handler, approval);
        }

        private static ObjectNode emptySchema() {
            ObjectNode s = JsonNodeFactory.instance.objectNode();
            s.put("type", "object");
            s.putObject("properties");
            return s;
        }
    }

    /** Validates arguments, then turns the expected kinds of failure into results the model can act on. */
    private record BuiltTool(ToolSpec spec, ToolHandler handler, Function<JsonNode, Optional<String>> approval)
            implements Tool {
        @Override
        public Optional<String> approvalReason(JsonNode arguments) {
            return approval.apply(arguments);
        }

        @Override
        public ToolResult execute(JsonNode arguments, ToolContext context) throws Exception {
            ToolContext ctx = context == null ? ToolContext.detached() : context;
            if (ctx.cancel() != null && ctx.cancel().isCancelled()) {
                return ToolResult.failure("cancelled before '" + spec.name() + "' started");
            }
            try {
                ObjectNode args = Args.normalize(arguments);
                Args.validate(spec.parameters(), args);
                ToolResult result = handler.handle(args, ctx);
                return result == null ? ToolResult.ok("") : result;
            } catch (ToolArgumentException | WorkspaceViolation e) {
                return ToolResult.failure(e.getMessage());
            } catch (NoSuchFileException e) {
                return ToolResult.failure("no such file or directory: " + e.getFile());
            } catch (AccessDeniedException e) {
                return ToolResult.failure("permission denied: " + e.getFile());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ToolResult.failure("'" + spec.name() + "' was interrupted");
            }
        }

        @Override
        public String toString() {
            return "Tool[" + spec.name() + "]";
        }
    }
}
