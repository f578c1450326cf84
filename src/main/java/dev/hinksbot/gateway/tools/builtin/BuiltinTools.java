package dev.hinksbot.gateway.tools.builtin;

import dev.hinksbot.gateway.tools.CommandPolicy;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolRegistry;
import dev.hinksbot.gateway.tools.Workspace;
import java.util.ArrayList;
import dev.hinksbot.gateway.tools.net.HostResolver;
import java.util.List;
import java.util.Set;

/** The tools that ship with the gateway. */
public final class BuiltinTools {
    /** Names manifests may not take. */
    public static final Set<String> NAMES = Set.of("file_read", "file_write", "search_files", "run_shell",
            "web_extract", "web_search", "session_history_search", "sys_metrics", "list_processes");

    private BuiltinTools() {
    }

    /**
     * Every built-in tool, wired to the given workspace and settings; {@code history} may be null. run_shell is left
     * out when {@code commands} has no sandbox to run it in. {@code resolver} is the DNS the network tools check
     * addresses through (tests pass a fake).
     */
    public static List<Tool> create(Workspace workspace, BuiltinSettings settings, HistorySearcher history,
                                    CommandPolicy commands, HostResolver resolver) {
        FileTools files = new FileTools(workspace, settings);
        WebTools web = new WebTools(settings, resolver);
        SystemTools system = new SystemTools(workspace);
        List<Tool> tools = new ArrayList<>(List.of(
                files.fileRead(),
                files.fileWrite(),
                new SearchFilesTool(workspace, settings).tool(),
                web.webExtract(),
                web.webSearch(),
                new HistorySearchTool(history, settings).tool(),
                system.sysMetrics(),
                system.listProcesses()));
        commands.sandbox().ifPresent(sandbox -> tools.add(new RunShellTool(workspace,
                new ShellRunner(sandbox, settings.outputCapChars()), settings, commands.approvals(), sandbox.describe()).tool()));
        return List.copyOf(tools);
    }

    /** Registers every built-in tool. */
    public static void registerAll(ToolRegistry registry, Workspace workspace, BuiltinSettings settings,
                                   HistorySearcher history, CommandPolicy commands) {
        registerAll(registry, workspace, settings, history, commands, HostResolver.SYSTEM);
    }

    public static void registerAll(ToolRegistry registry, Workspace workspace, BuiltinSettings settings,
                                   HistorySearcher history, CommandPolicy commands, HostResolver resolver) {
        create(workspace, settings, history, commands, resolver).forEach(registry::register);
    }
}
