package dev.hinksbot.gateway.tools.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hinksbot.gateway.tools.Texts;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.Tools;
import dev.hinksbot.gateway.tools.Workspace;
import dev.hinksbot.gateway.tools.approval.CommandApprovals;
import dev.hinksbot.gateway.tools.builtin.ShellRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A checked manifest, turned into a {@link Tool}: either a command template run like run_shell, or an
 * endpoint called with the arguments as JSON body and as headers.
 */
record ManifestTool(String name, String description, List<String> groups, JsonNode parameters,
                    CommandTemplate command, String endpoint, Duration timeout) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The tool; a command tool runs in the sandbox of {@code runner} (through the sandbox, like run_shell) and asks
     * for approval as {@code approvals} says.
     */
    Tool toTool(Workspace workspace, ShellRunner runner, CommandApprovals approvals, EndpointInvoker invoker, int outputCap) {
        Tools.Builder b = Tools.builder(name)
                .description(description)
                .group(groups.toArray(String[]::new))
                .parameters(parameters);
        if (command != null) {
            return b.approval(args -> approvals.commandTool(name))
                    .handler((args, ctx) -> runner.run(command.expand(args), workspace.root(), timeout, ctx.cancel()).toToolResult())
                    .build();
        }
        return b.handler((args, ctx) -> callEndpoint(invoker, args, ctx, outputCap)).build();
    }

    private ToolResult callEndpoint(EndpointInvoker invoker, JsonNode args, ToolContext ctx, int outputCap)
            throws Exception {
        // the model names the arguments: none may become a Camel* instruction header
        Map<String, Object> headers = EndpointHeaders.fromArguments(args);
        String body = JSON.writeValueAsString(args);
        // on its own thread so a cancel can return at once even if the endpoint does not honour interrupts
        CompletableFuture<String> call = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                call.complete(invoker.call(endpoint, body, headers, timeout));
            } catch (Throwable t) {
                call.completeExceptionally(t);
            }
        }, "tool-endpoint-" + name);
        worker.setDaemon(true);
        worker.start();
        try (AutoCloseable ignored = ctx.cancel().onCancel(() -> {
            call.cancel(true);
            worker.interrupt();
        })) {
            String reply = call.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return ToolResult.ok(Texts.cap(reply == null ? "" : reply, outputCap));
        } catch (TimeoutException e) {
            worker.interrupt();
            return ToolResult.failure("endpoint " + endpoint + " did not answer within " + timeout.toSeconds() + "s");
        } catch (java.util.concurrent.CancellationException e) {
            return ToolResult.failure("cancelled");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            return ToolResult.failure("endpoint " + endpoint + " failed: "
                    + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage()));
        }
    }
}
