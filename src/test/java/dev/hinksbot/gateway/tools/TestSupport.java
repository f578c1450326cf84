package dev.hinksbot.gateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hinksbot.gateway.tools.approval.ApprovalMode;
import dev.hinksbot.gateway.tools.approval.CommandApprovals;
import dev.hinksbot.gateway.tools.builtin.BuiltinSettings;
import dev.hinksbot.gateway.tools.builtin.BuiltinTools;
import dev.hinksbot.gateway.tools.builtin.HistorySearcher;
import dev.hinksbot.gateway.tools.sandbox.Sandboxes;
import dev.hinksbot.gateway.tools.net.HostResolver;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A registry of built-ins over a temp workspace, and calls written as JSON, like a model makes them. */
public final class TestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final HostResolver NO_DNS = host -> {
        throw new UnknownHostException(host);
    };

    public final Workspace workspace;
    public final ToolRegistry registry = new ToolRegistry();
    /** The real bubblewrap sandbox (network on) with approvals=dangerous, as the gateway starts by default. */
    public final CommandPolicy commands;

    public TestSupport(Path root, BuiltinSettings settings, HistorySearcher history) {
        this(root, settings, history, NO_DNS);
    }

    /** {@code resolver}: the network tools' DNS; the default knows no names, so no test asks real DNS. */
    public TestSupport(Path root, BuiltinSettings settings, HistorySearcher history, HostResolver resolver) {
        this.workspace = new Workspace(root);
        this.commands = new CommandPolicy(Sandboxes.choose(true, true, workspace.root()),
                new CommandApprovals(ApprovalMode.DANGEROUS));
        if (commands.sandbox().isEmpty()) {
            throw new IllegalStateException("the bubblewrap sandbox does not start here; install it: apt-get install bubblewrap");
        }
        BuiltinTools.registerAll(registry, workspace, settings, history, commands, resolver);
    }

    public TestSupport(Path root) {
        this(root, BuiltinSettings.defaults(), null);
    }

    public ToolResult call(String tool, String argsJson) throws Exception {
        return call(tool, argsJson, ToolContext.detached());
    }

    public ToolResult call(String tool, String argsJson, ToolContext ctx) throws Exception {
        return registry.find(tool).orElseThrow().execute(json(argsJson), ctx);
    }

    public static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    public static JsonNode jsonUnchecked(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** JSON string literal for embedding a value in an arguments object. */
    public static String q(String s) throws Exception {
        return JSON.writeValueAsString(s);
    }

    public static BuiltinSettings settings(Duration shellTimeout, int cap) {
        return new BuiltinSettings(shellTimeout, cap, null, Duration.ofSeconds(5));
    }

    /** Polls until the condition holds or the deadline passes; returns whether it held. */
    public static boolean eventually(Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
