package dev.hinksbot.gateway.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.store.ToolExecution;
import dev.hinksbot.gateway.store.ToolExecutionRepository;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolRegistry;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.ToolSpec;
import dev.hinksbot.gateway.web.ApiException;
import dev.hinksbot.gateway.web.api.view.ToolCallResult;
import dev.hinksbot.gateway.web.api.view.ToolGroups;
import dev.hinksbot.gateway.web.api.view.ToolList;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;

/** `/api/v1/tools…`: list, groups, detail, schema, execute. */
public final class ToolsApi {
    private final ToolRegistry registry;
    private final ToolExecutionRepository executions;
    private final String apiKey;

    /** {@code apiKey} is gateway.api.key ("" when none): only its holder may execute calls that need approval. */
    public ToolsApi(ToolRegistry registry, ToolExecutionRepository executions, String apiKey) {
        this.registry = registry;
        this.executions = executions;
        this.apiKey = apiKey == null ? "" : apiKey;
    }

    public void list(Exchange exchange) {
        String group = Requests.stringParam(exchange, "group");
        List<ToolSpec> specs = group == null || group.isEmpty() ? registry.list() : registry.list(group);
        Requests.json(exchange, new ToolList(specs.stream().map(Views::tool).toList()));
    }

    public void groups(Exchange exchange) {
        Requests.json(exchange, new ToolGroups(registry.groups()));
    }

    public void get(Exchange exchange) {
        Requests.json(exchange, Views.tool(existing(exchange).spec()));
    }

    public void schema(Exchange exchange) {
        Requests.json(exchange, existing(exchange).spec().openAiSchema());
    }

    public void execute(Exchange exchange) {
        Tool tool = existing(exchange);
        JsonNode body = Requests.jsonObject(exchange);
        JsonNode arguments = body.has("arguments") ? body.get("arguments") : Json.object();
        if (!arguments.isObject()) {
            throw ApiException.badRequest("invalid_field", "'arguments' must be a JSON object");
        }
        requireOwnerForApproval(exchange, tool, arguments);
        long started = System.nanoTime();
        ToolResult result;
        try {
            result = tool.execute(arguments, ToolContext.detached());
        } catch (Exception e) {
            result = ToolResult.failure("the tool failed: " + e.getMessage());
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        executions.record(new ToolExecution(null, null, null, null, tool.spec().name(), Json.write(arguments),
                result.output(), result.success(), result.error(), durationMs, null));
        Requests.json(exchange, new ToolCallResult(tool.spec().name(), result.success(), result.output(), result.error(), durationMs));
    }

    /**
     * A call that would wait for a person's approval in a chat runs here only for the owner, who approves it by
     * making the call: the caller must hold gateway.api.key. Without a key there is no owner to prove, and any
     * local process or web page could otherwise run it, so such calls are refused.
     */
    private void requireOwnerForApproval(Exchange exchange, Tool tool, JsonNode arguments) {
        Optional<String> reason = tool.approvalReason(arguments);
        if (reason.isEmpty()) {
            return;
        }
        String name = tool.spec().name();
        if (apiKey.isEmpty()) {
            throw new ApiException(403, "approval_required", "this call of '" + name + "' needs a person's approval ("
                    + reason.get() + "); the API runs such calls only for a caller holding gateway.api.key, and none "
                    + "is configured: run it from a chat, where it can be approved");
        }
        String auth = exchange.getIn().getHeader("Authorization", String.class);
        String presented = auth != null && auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()).strip() : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), apiKey.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "approval_required", "this call of '" + name + "' needs a person's approval ("
                    + reason.get() + "); send the API key (Authorization: Bearer <gateway.api.key>) to run it as the owner");
        }
    }

    private Tool existing(Exchange exchange) {
        String name = Requests.pathParam(exchange, "name");
        return registry.find(name).orElseThrow(() -> ApiException.notFound("tool", name));
    }
}
