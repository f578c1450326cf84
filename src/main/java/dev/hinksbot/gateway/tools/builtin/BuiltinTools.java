package dev.hinksbot.gateway.tools.builtin;

import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolRegistry;
import dev.hinksbot.gateway.tools.Workspace;
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

    /** Every built-in tool, wired to the given workspace and settings; {@code history} may be null. */
    public static List<Tool> create(Workspace workspace, BuiltinSettings settings, HistorySearcher history) {
        return create(workspace, settings, history, HostResolver.SYSTEM);
    }

    /** As above, with the DNS the network tools check addresses through (tests pass a fake). */
    public static List<Tool> create(Workspace workspace, BuiltinSettings settings, HistorySearcher history,
                                    HostResolver resolver) {
        FileTools files = new FileTools(workspace, settings);
        WebTools web = new WebTools(settings, resolver);
        SystemTools system = new SystemTools(workspace);
        return List.of(
                files.fileRead(),
                files.fileWrite(),
                new SearchFilesTool(workspace, settings).tool(),
                new RunShellTool(workspace, new ShellRunner(settings.outputCapChars()), settings).tool(),
                web.webExtract(),
                web.webSearch(),
                new HistorySearchTool(history, settings).tool(),
                system.sysMetrics(),
                system.listProcesses());
    }

    /** Registers every built-in tool. */
    public static void registerAll(ToolRegistry registry, Workspace workspace, BuiltinSettings settings,
                                   HistorySearcher history) {
        registerAll(registry, workspace, settings, history, HostResolver.SYSTEM);
    }

    public static void registerAll(ToolRegistry registry, Workspace workspace, BuiltinSettings settings,
                                   HistorySearcher history, HostResolver resolver) {
        create(workspace, settings, history, resolver).forEach(registry::register);
    }
}
