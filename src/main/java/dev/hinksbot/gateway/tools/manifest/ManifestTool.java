package dev.hinksbot.gateway.tools.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hinksbot.gateway.tools.Texts;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.Tools;
import dev.hinksbot.gateway.tools.Workspace;
import dev.hinksbot.gateway.tools.builtin.ShellRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;

/**
 * A checked manifest, turned into a {@link Tool}: either a command template run like run_shell, or an
 * endpoint called with the arguments as JSON body and as headers.
 */
record ManifestTool(String name, String description, List<String> groups, JsonNode parameters,
                    String command, String endpoint, Duration timeout) {
    private static final ObjectMapper JSON = new ObjectMapper();

    Tool toTool(Workspace workspace, ShellRunner runner, EndpointInvoker invoker, int outputCap) {
        return Tools.builder(name)
                .description(description)
                .group(groups.toArray(String[]::new))
                .parameters(parameters)
                .handler(command != null
                        ? (args, ctx) -> runner.run(expand(command, args), workspace.root(), timeout, ctx.cancel()).toToolResult()
                        : (args, ctx) -> callEndpoint(invoker, args, ctx, outputCap))
                .build();
    }

    /** Substitutes {{param}} placeholders, each value shell-quoted so it stays one word and cannot inject. */
    static String expand(String template, JsonNode args) {
        Matcher m = ManifestToolLoader.PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            JsonNode v = args.get(m.group(1));
            String text = v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
            m.appendReplacement(sb, Matcher.quoteReplacement(ShellQuote.quote(text)));
        }
        m.appendTail(sb);
        return sb.toString();
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
