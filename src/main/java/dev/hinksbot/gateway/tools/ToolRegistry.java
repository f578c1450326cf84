package dev.hinksbot.gateway.tools;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The tools known to the gateway, by name. Thread-safe: manifests reload while runs look tools up. */
public final class ToolRegistry {
    /** Selector meaning every registered tool. */
    public static final String ALL = "all";

    private final ConcurrentSkipListMap<String, Tool> tools = new ConcurrentSkipListMap<>();

    /** Registers a tool, replacing any tool of the same name. */
    public void register(Tool tool) {
        tools.put(tool.spec().name(), tool);
    }

    public void unregister(String name) {
        if (name != null) {
            tools.remove(name);
        }
    }

    public Optional<Tool> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(tools.get(name));
    }

    /** Every tool's spec, sorted by name. */
    public List<ToolSpec> list() {
        return tools.values().stream().map(Tool::spec).toList();
    }

    /** Specs of the tools in one group, sorted by name. */
    public List<ToolSpec> list(String group) {
        return tools.values().stream().map(Tool::spec).filter(s -> s.groups().contains(group)).toList();
    }

    /** Group name to the sorted names of its tools. */
    public SortedMap<String, List<String>> groups() {
        SortedMap<String, List<String>> out = new TreeMap<>();
        for (Tool t : tools.values()) {
            for (String g : t.spec().groups()) {
                out.computeIfAbsent(g, k -> new ArrayList<>()).add(t.spec().name());
            }
        }
        out.replaceAll((g, names) -> List.copyOf(names));
        return out;
    }

    /**
     * Tools selected by a list of group names and/or tool names (e.g. ["file","run_shell"]), sorted by name;
     * unknown entries are ignored; "all" selects every tool.
     */
    public List<Tool> select(Collection<String> selectors) {
        if (selectors == null || selectors.isEmpty()) {
            return List.of();
        }
        if (selectors.contains(ALL)) {
            return List.copyOf(tools.values());
        }
        return tools.values().stream()
                .filter(t -> selectors.contains(t.spec().name())
                        || t.spec().groups().stream().anyMatch(selectors::contains))
                .toList();
    }
}
